package io.partita.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.partita.launch.WorkerLauncher;
import io.partita.launch.kubernetes.KubernetesWorkerLauncher;
import io.partita.ops.health.JobRepositoryHealthIndicator;
import io.partita.ops.health.KubernetesHealthIndicator;
import io.partita.ops.info.PartitaInfoContributor;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link AutoConfiguration Auto-configuration} of the manager's Actuator contributions,
 * active in a manager (not a worker process): the {@code partita} health contributor
 * ({@code jobRepository}, and {@code kubernetes} with the Kubernetes launcher) and the
 * {@code partita} section of the info endpoint. What needs the Kubernetes client is in
 * configurations of their own, conditional on it and on the Kubernetes launcher; the
 * others serve every other launcher, so an application without the client gets them.
 */
@AutoConfiguration(after = { PartitaAutoConfiguration.class, LocalLauncherAutoConfiguration.class,
		KubernetesLauncherAutoConfiguration.class })
@ConditionalOnClass({ HealthContributor.class, InfoContributor.class })
@ConditionalOnBooleanProperty(name = WorkerEnvironmentPostProcessor.WORKER_PROCESS_PROPERTY, havingValue = false,
		matchIfMissing = true)
@EnableConfigurationProperties(PartitaProperties.class)
public final class PartitaActuatorAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnEnabledHealthIndicator("partita")
	static class PartitaHealthConfiguration {

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(KubernetesClient.class)
		@ConditionalOnBean(KubernetesWorkerLauncher.class)
		static class KubernetesLauncherHealthConfiguration {

			@Bean
			@ConditionalOnMissingBean(name = "partitaHealthContributor")
			@ConditionalOnBean(JobRepository.class)
			CompositeHealthContributor partitaHealthContributor(JobRepository jobRepository, KubernetesClient client,
					PartitaProperties properties) {
				Map<String, HealthContributor> contributors = new LinkedHashMap<>();
				contributors.put("jobRepository", new JobRepositoryHealthIndicator(jobRepository));
				contributors.put("kubernetes", new KubernetesHealthIndicator(client,
						KubernetesLauncherAutoConfiguration.workerNamespace(client, properties)));
				return CompositeHealthContributor.fromMap(contributors);
			}

		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnMissingBean(KubernetesWorkerLauncher.class)
		static class OtherLauncherHealthConfiguration {

			@Bean
			@ConditionalOnMissingBean(name = "partitaHealthContributor")
			@ConditionalOnBean(JobRepository.class)
			CompositeHealthContributor partitaHealthContributor(JobRepository jobRepository) {
				return CompositeHealthContributor
					.fromMap(Map.of("jobRepository", new JobRepositoryHealthIndicator(jobRepository)));
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(KubernetesClient.class)
	@ConditionalOnBean(KubernetesWorkerLauncher.class)
	static class KubernetesLauncherInfoConfiguration {

		@Bean
		@ConditionalOnMissingBean
		PartitaInfoContributor partitaInfoContributor(KubernetesWorkerLauncher launcher, KubernetesClient client,
				PartitaProperties properties) {
			return new PartitaInfoContributor(LauncherNames.of(launcher),
					KubernetesLauncherAutoConfiguration.workerNamespace(client, properties));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(KubernetesWorkerLauncher.class)
	static class OtherLauncherInfoConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(WorkerLauncher.class)
		PartitaInfoContributor partitaInfoContributor(WorkerLauncher launcher) {
			return new PartitaInfoContributor(LauncherNames.of(launcher), null);
		}

	}

}
