package io.partita.autoconfigure;

import javax.sql.DataSource;

import io.partita.Partita;
import io.partita.launch.WorkerLauncher;
import io.partita.partition.ManagerShutdown;
import io.partita.partition.StepExecutionLookup;
import io.partita.partition.support.JdbcStepExecutionLookup;
import io.partita.recovery.StopSafeJobRepository;
import io.partita.worker.WorkerFailureClassifier;

import org.springframework.batch.core.repository.ExecutionContextSerializer;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.dao.DefaultExecutionContextSerializer;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.batch.autoconfigure.BatchAutoConfiguration;
import org.springframework.boot.batch.autoconfigure.BatchTransactionManager;
import org.springframework.boot.batch.jdbc.autoconfigure.BatchDataSource;
import org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcAutoConfiguration;
import org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * {@link AutoConfiguration Auto-configuration} of the {@link Partita} entry point.
 */
@AutoConfiguration(after = { BatchAutoConfiguration.class, BatchJdbcAutoConfiguration.class,
		LocalLauncherAutoConfiguration.class })
@ConditionalOnClass(JobRepository.class)
@EnableConfigurationProperties(PartitaProperties.class)
public final class PartitaAutoConfiguration {

	private static final String DEFAULT_TABLE_PREFIX = "BATCH_";

	@Bean
	static StopSafeJobRepository partitaStopSafeJobRepository() {
		return new StopSafeJobRepository();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean({ WorkerLauncher.class, JobRepository.class })
	Partita partita(WorkerLauncher launcher, JobRepository jobRepository, ListableBeanFactory beanFactory,
			PartitaProperties properties, ApplicationEventPublisher eventPublisher,
			ObjectProvider<ManagerShutdown> managerShutdown, ObjectProvider<StepExecutionLookup> stepExecutionLookup,
			@BatchTransactionManager ObjectProvider<PlatformTransactionManager> batchTransactionManager,
			ObjectProvider<PlatformTransactionManager> transactionManager) {
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
			stepExecutionLookup.ifAvailable(handler::setStepExecutionLookup);
			// the job repository's, as Spring Boot picks it
			handler.setTransactionManager(batchTransactionManager.getIfAvailable(transactionManager::getIfUnique));
		});
	}

	/**
	 * Reads the outcomes of many ended workers in one query from the Spring Batch tables
	 * of the job repository's data source (the batch data source, else the
	 * application's), with the table prefix and execution context serializer Spring Boot
	 * gives the job repository; without a data source, one read each through the job
	 * repository.
	 */
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(JobRepository.class)
	StepExecutionLookup partitaStepExecutionLookup(JobRepository jobRepository,
			@BatchDataSource ObjectProvider<DataSource> batchDataSource, ObjectProvider<DataSource> dataSource,
			ObjectProvider<BatchJdbcProperties> batchJdbcProperties,
			ObjectProvider<ExecutionContextSerializer> executionContextSerializer) {
		DataSource repositoryDataSource = batchDataSource.getIfAvailable(dataSource::getIfAvailable);
		if (repositoryDataSource == null) {
			return StepExecutionLookup.of(jobRepository);
		}
		BatchJdbcProperties jdbc = batchJdbcProperties.getIfAvailable();
		String tablePrefix = (jdbc != null && jdbc.getTablePrefix() != null) ? jdbc.getTablePrefix()
				: DEFAULT_TABLE_PREFIX;
		return new JdbcStepExecutionLookup(repositoryDataSource, tablePrefix,
				executionContextSerializer.getIfAvailable(DefaultExecutionContextSerializer::new), jobRepository);
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
