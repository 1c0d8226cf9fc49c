package io.partita.autoconfigure;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.observation.ObservationRegistry;
import io.partita.launch.kubernetes.KubernetesNames;
import io.partita.schedule.JobSchedule;
import io.partita.schedule.JobScheduler;
import io.partita.schedule.LeaderElection;
import io.partita.schedule.ScheduledRunLauncher;
import io.partita.schedule.SingleProcessLeaderElection;
import io.partita.schedule.kubernetes.LeaseLeaderElection;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.batch.autoconfigure.BatchAutoConfiguration;
import org.springframework.boot.cloud.CloudPlatform;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * {@link AutoConfiguration Auto-configuration} of scheduled runs
 * ({@code partita.schedules.<name>.*}), active in a manager (not a worker process) that
 * has at least one schedule. Only the leader among the manager's replicas fires: with
 * leader election on a Kubernetes Lease when the Kubernetes launcher is in use or
 * {@code partita.leader-election.enabled=true}, else this process alone.
 */
@AutoConfiguration(after = { BatchAutoConfiguration.class, KubernetesLauncherAutoConfiguration.class },
		afterName = "org.springframework.cloud.kubernetes.fabric8.Fabric8AutoConfiguration")
@ConditionalOnClass(JobOperator.class)
@ConditionalOnBooleanProperty(name = WorkerEnvironmentPostProcessor.WORKER_PROCESS_PROPERTY, havingValue = false,
		matchIfMissing = true)
@Conditional(OnSchedulesCondition.class)
@EnableConfigurationProperties(PartitaProperties.class)
public final class ScheduleAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(JobRepository.class)
	JobScheduler partitaJobScheduler(PartitaProperties properties, JobRepository jobRepository,
			ObjectProvider<Job> jobs, LeaderElection leaderElection, ApplicationEventPublisher eventPublisher,
			ObjectProvider<ObservationRegistry> observationRegistry) {
		List<JobSchedule> schedules = JobSchedules.create(properties.getSchedules(), jobs.orderedStream().toList());
		ScheduledRunLauncher launcher = new ScheduledRunLauncher(jobRepository, eventPublisher,
				observationRegistry.getIfAvailable(() -> ObservationRegistry.NOOP),
				properties.getShutdownGracePeriod());
		return new JobScheduler(schedules, launcher, leaderElection);
	}

	@Bean
	@ConditionalOnMissingBean(LeaderElection.class)
	SingleProcessLeaderElection partitaSingleProcessLeaderElection(PartitaProperties properties,
			Environment environment) {
		return new SingleProcessLeaderElection(identity(properties.getLeaderElection(), environment));
	}

	/**
	 * Returns the configured identity, else the pod name inside a cluster, else the host
	 * name and process id, which two managers on one host do not share.
	 */
	static String identity(LeaderElectionProperties settings, Environment environment) {
		if (StringUtils.hasText(settings.getIdentity())) {
			return settings.getIdentity().trim();
		}
		String podName = environment.getProperty("HOSTNAME");
		if (CloudPlatform.KUBERNETES.isActive(environment) && StringUtils.hasText(podName)) {
			return podName;
		}
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			host = StringUtils.hasText(podName) ? podName : "localhost";
		}
		return host + "-" + ProcessHandle.current().pid();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(KubernetesClient.class)
	@Conditional(OnLeaderElectionCondition.class)
	static class LeaseLeaderElectionConfiguration {

		@Bean
		@ConditionalOnMissingBean(LeaderElection.class)
		LeaseLeaderElection partitaLeaseLeaderElection(KubernetesClient client, PartitaProperties properties,
				Environment environment) {
			LeaderElectionProperties settings = properties.getLeaderElection();
			String namespace = StringUtils.hasText(settings.getNamespace()) ? settings.getNamespace()
					: (client.getNamespace() != null) ? client.getNamespace() : "default";
			String leaseName = StringUtils.hasText(settings.getLeaseName()) ? settings.getLeaseName()
					: environment.getProperty("spring.application.name", "partita").toLowerCase(Locale.ROOT)
							+ "-schedules";
			if (!KubernetesNames.isDns1123Label(leaseName)) {
				throw new InvalidPartitaPropertyException("partita.leader-election.lease-name", leaseName,
						"it is not a valid Lease name", "Set it to lowercase letters, digits and '-', "
								+ "at most 63 characters, the same for all replicas of the manager.");
			}
			return new LeaseLeaderElection(client, namespace, leaseName, identity(settings, environment),
					new LeaseLeaderElection.Timing(settings.getLeaseDuration(), settings.getRenewDeadline(),
							settings.getRetryPeriod()));
		}

		@Bean(destroyMethod = "close")
		@ConditionalOnMissingBean(KubernetesClient.class)
		KubernetesClient partitaKubernetesClient() {
			return KubernetesLauncherAutoConfiguration.kubeconfigClient();
		}

	}

}
