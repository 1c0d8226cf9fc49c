package io.partita.autoconfigure;

import io.partita.Partita;
import io.partita.launch.WorkerLauncher;
import io.partita.partition.ManagerShutdown;
import io.partita.worker.WorkerFailureClassifier;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.batch.autoconfigure.BatchAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/**
 * {@link AutoConfiguration Auto-configuration} of the {@link Partita} entry point.
 */
@AutoConfiguration(after = { BatchAutoConfiguration.class, LocalLauncherAutoConfiguration.class })
@ConditionalOnClass(JobRepository.class)
@EnableConfigurationProperties(PartitaProperties.class)
public final class PartitaAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean({ WorkerLauncher.class, JobRepository.class })
	Partita partita(WorkerLauncher launcher, JobRepository jobRepository, ListableBeanFactory beanFactory,
			PartitaProperties properties, ApplicationEventPublisher eventPublisher,
			ObjectProvider<ManagerShutdown> managerShutdown) {
		return new Partita(launcher, jobRepository, beanFactory, (handler) -> {
			handler.setMaxWorkers(properties.maxWorkersFor(handler.getWorkerStepName()));
			handler.setStartupTimeout(properties.getWorker().getStartupTimeout());
			handler.setRunTimeout(properties.getWorker().getRunTimeout());
			handler.setHeartbeatInterval(properties.getHeartbeatInterval());
			handler.setProgressInterval(properties.getProgressInterval());
			handler.setMaxAttempts(properties.getRetry().getMaxAttempts());
			handler.setMaxDisruptions(properties.getRetry().getMaxDisruptions());
			handler.setRetryBackOff(properties.getRetry().backOff());
			handler.setEventPublisher(eventPublisher);
			handler.setManagerShutdown(managerShutdown.getIfAvailable());
		});
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(JobRepository.class)
	ManagerShutdown partitaManagerShutdown(JobRepository jobRepository, PartitaProperties properties) {
		return new ManagerShutdown(jobRepository, properties.getShutdownGracePeriod());
	}

	@Bean
	@ConditionalOnMissingBean
	WorkerFailureClassifier workerFailureClassifier(PartitaProperties properties) {
		return new WorkerFailureClassifier(properties.getRetry().getNonRetryableExceptions());
	}

}
