package io.partita.kubernetes;

import java.util.Map;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.partita.test.PostgresSchema;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * What the end-to-end tests and the chaos run on the real control plane set up alike: the
 * worker JVM's options, the Secrets through which workers reach the job repository, and
 * the manager's client.
 */
public final class EndToEndCluster {

	/**
	 * Worker JVM options, as the image's environment would set them: a fast, small start.
	 */
	public static final Map<String, String> WORKER_JVM = Map.of("JAVA_TOOL_OPTIONS",
			"-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:+UseSerialGC -Xss512k -XX:ReservedCodeCacheSize=32m");

	private EndToEndCluster() {
	}

	/**
	 * Creates a Secret with the job repository's {@code url}, {@code username} and
	 * {@code password}.
	 */
	static void createDatabaseSecret(KubernetesClient client, String namespace, String name, String url) {
		client.secrets()
			.inNamespace(namespace)
			.resource(new SecretBuilder().withNewMetadata()
				.withName(name)
				.endMetadata()
				.withStringData(
						Map.of("url", url, "username", PostgresSchema.USER, "password", PostgresSchema.PASSWORD))
				.build())
			.create();
	}

	/**
	 * Creates a Secret holding Spring Boot's {@code SPRING_DATASOURCE_*} variables for
	 * the job repository at {@code url}, for workers that take it whole
	 * ({@code partita.kubernetes.env-from-secrets}).
	 */
	public static void createDatasourceEnvironmentSecret(KubernetesClient client, String namespace, String name,
			String url) {
		client.secrets()
			.inNamespace(namespace)
			.resource(new SecretBuilder().withNewMetadata()
				.withName(name)
				.endMetadata()
				.withStringData(Map.of("SPRING_DATASOURCE_URL", url, "SPRING_DATASOURCE_USERNAME", PostgresSchema.USER,
						"SPRING_DATASOURCE_PASSWORD", PostgresSchema.PASSWORD))
				.build())
			.create();
	}

	/**
	 * Returns a client with the given one's credentials but without fabric8's own
	 * retries, as Spring Cloud Kubernetes builds it, so that retries are Partita's.
	 */
	static KubernetesClient withoutClientRetries(KubernetesClient client) {
		return new KubernetesClientBuilder()
			.withConfig(new ConfigBuilder(client.getConfiguration()).withRequestRetryBackoffLimit(0).build())
			.build();
	}

	/**
	 * Returns a part of the cluster that a test class's {@code @BeforeAll} set up.
	 */
	static <T> T started(@Nullable T part) {
		Assert.state(part != null, "The control plane was not set up by @BeforeAll");
		return part;
	}

}
