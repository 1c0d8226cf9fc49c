package io.partita.autoconfigure;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.partita.launch.WorkerLauncher;
import io.partita.launch.kubernetes.KubernetesWorkerLauncher;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * {@link AutoConfiguration Auto-configuration} of the Kubernetes launcher, which runs
 * each worker as a batch/v1 Job, active in a manager (not a worker process) when
 * {@code partita.launcher=kubernetes}, or when it is not set and the application runs
 * inside a Kubernetes cluster. It uses Spring Cloud Kubernetes' {@link KubernetesClient}
 * when there is one, else a client built from the kubeconfig.
 */
@AutoConfiguration(afterName = "org.springframework.cloud.kubernetes.fabric8.Fabric8AutoConfiguration",
		before = PartitaAutoConfiguration.class)
@ConditionalOnClass(KubernetesClient.class)
@Conditional(OnLauncherCondition.OnKubernetesLauncher.class)
@ConditionalOnBooleanProperty(name = WorkerEnvironmentPostProcessor.WORKER_PROCESS_PROPERTY, havingValue = false,
		matchIfMissing = true)
@EnableConfigurationProperties(PartitaProperties.class)
public final class KubernetesLauncherAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(WorkerLauncher.class)
	KubernetesWorkerLauncher kubernetesWorkerLauncher(KubernetesClient client, PartitaProperties properties,
			Environment environment) {
		KubernetesWorkerLauncher launcher = new KubernetesWorkerLauncher(client, workerNamespace(client, properties),
				properties::kubernetesFor, environment.getProperty("spring.application.name", "partita"));
		launcher.setConcurrentRequests(properties.getKubernetes().getConcurrentRequests());
		return launcher;
	}

	/**
	 * Returns the namespace of the worker Jobs: the configured one, else the client's.
	 */
	static String workerNamespace(KubernetesClient client, PartitaProperties properties) {
		String namespace = properties.getKubernetes().getNamespace();
		if (StringUtils.hasText(namespace)) {
			return namespace;
		}
		return (client.getNamespace() != null) ? client.getNamespace() : "default";
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean(KubernetesClient.class)
	KubernetesClient partitaKubernetesClient() {
		return kubeconfigClient();
	}

	/**
	 * Returns a client built from the kubeconfig (or the pod's service account), without
	 * fabric8's own retries: the launcher retries 429 and 5xx itself, and retries
	 * underneath would multiply them.
	 */
	static KubernetesClient kubeconfigClient() {
		Config config = new ConfigBuilder(Config.autoConfigure(null)).withRequestRetryBackoffLimit(0).build();
		return new KubernetesClientBuilder().withConfig(config).build();
	}

}
