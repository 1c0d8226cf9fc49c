package io.partita.autoconfigure;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.partita.launch.WorkerLauncher;
import io.partita.launch.kubernetes.KubernetesWorkerLauncher;
import io.partita.launch.kubernetes.KubernetesWorkerSettings;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * {@link AutoConfiguration Auto-configuration} of the Kubernetes launcher, which runs each worker as a batch/v1 Job,
 * active with {@code partita.launcher=kubernetes} in a manager (not in a worker process). It uses Spring Cloud
 * Kubernetes' {@link KubernetesClient} when there is one, else a client built from the kubeconfig.
 */
@AutoConfiguration(afterName = "org.springframework.cloud.kubernetes.fabric8.Fabric8AutoConfiguration",
		before = PartitaAutoConfiguration.class)
@ConditionalOnClass(KubernetesClient.class)
@ConditionalOnProperty(name = "partita.launcher", havingValue = "kubernetes")
@ConditionalOnBooleanProperty(name = WorkerEnvironmentPostProcessor.WORKER_PROCESS_PROPERTY, havingValue = false,
		matchIfMissing = true)
public final class KubernetesLauncherAutoConfiguration {

	/**
	 * Name of the bean that gives the effective {@link KubernetesWorkerSettings} of a worker step.
	 */
	public static final String WORKER_SETTINGS_BEAN_NAME = "partitaKubernetesWorkerSettings";

	@Bean
	@ConditionalOnMissingBean(WorkerLauncher.class)
	KubernetesWorkerLauncher kubernetesWorkerLauncher(KubernetesClient client,
			@Qualifier(WORKER_SETTINGS_BEAN_NAME) Function<String, KubernetesWorkerSettings> workerSettings,
			Environment environment) {
		String namespace = environment.getProperty("partita.kubernetes.namespace");
		if (namespace == null || namespace.isBlank()) {
			namespace = (client.getNamespace() != null) ? client.getNamespace() : "default";
		}
		return new KubernetesWorkerLauncher(client, namespace, workerSettings,
				environment.getProperty("spring.application.name", "partita"));
	}

	/**
	 * Binds {@code partita.kubernetes.*} and {@code partita.steps.<step>.kubernetes.*} until PartitaProperties
	 * carries them.
	 */
	@Bean(WORKER_SETTINGS_BEAN_NAME)
	@ConditionalOnMissingBean(name = WORKER_SETTINGS_BEAN_NAME)
	Function<String, KubernetesWorkerSettings> partitaKubernetesWorkerSettings(Environment environment) {
		Binder binder = Binder.get(environment);
		KubernetesWorkerSettings global = binder.bindOrCreate("partita.kubernetes", KubernetesWorkerSettings.class);
		Map<String, StepSettings> steps = binder
			.bind("partita.steps", Bindable.mapOf(String.class, StepSettings.class))
			.orElse(Map.of());
		Map<String, KubernetesWorkerSettings> merged = new ConcurrentHashMap<>();
		return (step) -> merged.computeIfAbsent(step, (name) -> {
			StepSettings stepSettings = steps.get(name);
			return global.merge((stepSettings != null) ? stepSettings.getKubernetes() : null);
		});
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean(KubernetesClient.class)
	KubernetesClient partitaKubernetesClient() {
		return new KubernetesClientBuilder().build();
	}

	/**
	 * The Kubernetes part of the settings of one worker step.
	 */
	public static class StepSettings {

		private final KubernetesWorkerSettings kubernetes = new KubernetesWorkerSettings();

		public KubernetesWorkerSettings getKubernetes() {
			return this.kubernetes;
		}

	}

}
