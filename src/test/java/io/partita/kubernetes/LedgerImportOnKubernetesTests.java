package io.partita.kubernetes;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.partita.controlplane.ControlPlane;
import io.partita.controlplane.ImageCommands;
import io.partita.controlplane.KubernetesControlPlane;
import io.partita.controlplane.NodeAgent;
import io.partita.controlplane.TestNamespace;
import io.partita.ops.metrics.PartitaMetrics;
import io.partita.sample.LedgerImportApplication;
import io.partita.test.PostgresSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bundled sample on the real control plane: its manager in this JVM, each partition
 * and its remote summary step a Kubernetes Job whose pod the {@link NodeAgent} runs as a
 * worker JVM of the sample, all sharing a PostgreSQL job repository that the workers
 * reach through a Secret.
 */
@ExtendWith(KubernetesControlPlane.class)
class LedgerImportOnKubernetesTests {

	private static final String IMAGE = "partita/ledger-import:test";

	private static final String SECRET = "ledger-db";

	@Test
	void sampleJobCompletesWithEachPartitionAndItsRemoteSummaryStepAsAJob(ControlPlane controlPlane,
			TestNamespace namespace) throws Exception {
		String url = PostgresSchema.create();
		KubernetesClient admin = controlPlane.client();
		admin.secrets()
			.inNamespace(namespace.name())
			.resource(new SecretBuilder().withNewMetadata()
				.withName(SECRET)
				.endMetadata()
				.withStringData(Map.of("SPRING_DATASOURCE_URL", url, "SPRING_DATASOURCE_USERNAME", PostgresSchema.USER,
						"SPRING_DATASOURCE_PASSWORD", PostgresSchema.PASSWORD))
				.build())
			.create();
		Path pods = controlPlane.workDirectory().resolve("pods");
		ImageCommands images = ImageCommands.none().withJavaMain(IMAGE, LedgerImportApplication.class.getName());
		try (NodeAgent agent = new NodeAgent(admin, images, pods).nodeName("ledger-node")
			.namespace(namespace.name())
			.start();
				KubernetesClient manager = new KubernetesClientBuilder()
					.withConfig(new ConfigBuilder(admin.getConfiguration()).withRequestRetryBackoffLimit(0).build())
					.build();
				ConfigurableApplicationContext context = new SpringApplicationBuilder(LedgerImportApplication.class)
					.initializers((application) -> application.getBeanFactory()
						.registerSingleton("kubernetesClient", manager))
					.run("--partita.launcher=kubernetes", "--partita.kubernetes.namespace=" + namespace.name(),
							"--partita.kubernetes.image=" + IMAGE, "--partita.kubernetes.env-from-secrets=" + SECRET,
							"--partita.kubernetes.cleanup-policy=never", "--spring.datasource.url=" + url,
							"--spring.datasource.username=" + PostgresSchema.USER,
							"--spring.datasource.password=" + PostgresSchema.PASSWORD, "transactions=3000",
							"partitions=3")) {

			assertThat(context.getBean(HealthEndpoint.class).healthForPath("partita", "kubernetes").getStatus())
				.isEqualTo(Status.UP);
			assertThat(context.getBean(MeterRegistry.class)
				.get(PartitaMetrics.PARTITIONS_FINISHED)
				.tags("launcher", "kubernetes", "outcome", "COMPLETED")
				.counters()).extracting((counter) -> counter.getId().getTag("step") + "=" + counter.count())
				.containsExactlyInAnyOrder("ledgerWorkerStep=3.0", "ledgerSummaryStep=1.0");
			assertThat(SpringApplication.exit(context)).isZero();
		}

		JdbcTemplate jdbc = new JdbcTemplate(
				new DriverManagerDataSource(url, PostgresSchema.USER, PostgresSchema.PASSWORD));
		assertThat(jdbc.queryForObject("SELECT STATUS FROM BATCH_JOB_EXECUTION", String.class)).isEqualTo("COMPLETED");
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM LEDGER", Long.class)).isEqualTo(3000 - 3);
		List<Job> jobs = admin.batch().v1().jobs().inNamespace(namespace.name()).list().getItems();
		assertThat(jobs).extracting((job) -> job.getMetadata().getAnnotations().get("partita.io/step-name"))
			.containsExactlyInAnyOrder("ledgerWorkerStep", "ledgerWorkerStep", "ledgerWorkerStep", "ledgerSummaryStep");
		assertThat(jobs).allSatisfy((job) -> assertThat(job.getStatus().getSucceeded()).isEqualTo(1));
	}

}
