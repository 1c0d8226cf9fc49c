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
import org.springframework.beans.factory.ObjectProvider;
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
 * {@code partita} section of the info endpoint.
 */
@AutoConfiguration(after = PartitaAutoConfiguration.class)
@ConditionalOnClass({ HealthContributor.class, InfoContributor.class })
@ConditionalOnBooleanProperty(name = WorkerEnvironmentPostProcessor.WORKER_PROCESS_PROPERTY, havingValue = false,
		matchIfMissing = true)
@EnableConfigurationProperties(PartitaProperties.class)
public final class PartitaActuatorAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnEnabledHealthIndicator("partita")
	static class PartitaHealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "partitaHealthContributor")
		@ConditionalOnBean(JobRepository.class)
		CompositeHealthContributor partitaHealthContributor(JobRepository jobRepository,
				ObjectProvider<KubernetesWorkerLauncher> kubernetesLauncher, ObjectProvider<KubernetesClient> client,
				PartitaProperties properties) {
			Map<String, HealthContributor> contributors = new LinkedHashMap<>();
			contributors.put("jobRepository", new JobRepositoryHealthIndicator(jobRepository));
			if (kubernetesLauncher.getIfAvailable() != null) {
				KubernetesClient kubernetes = client.getObject();
				contributors.put("kubernetes", new KubernetesHealthIndicator(kubernetes,
						KubernetesLauncherAutoConfiguration.workerNamespace(kubernetes, properties)));
			}
			return CompositeHealthContributor.fromMap(contributors);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PartitaInfoConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(WorkerLauncher.class)
		PartitaInfoContributor partitaInfoContributor(WorkerLauncher launcher, ObjectProvider<KubernetesClient> client,
				PartitaProperties properties) {
			String namespace = (launcher instanceof KubernetesWorkerLauncher)
					? KubernetesLauncherAutoConfiguration.workerNamespace(client.getObject(), properties) : null;
			return new PartitaInfoContributor(LauncherNames.of(launcher), namespace);
		}

	}

}
