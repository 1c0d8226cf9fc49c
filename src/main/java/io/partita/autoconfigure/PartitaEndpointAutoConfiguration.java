package io.partita.autoconfigure;

import javax.sql.DataSource;

import io.partita.launch.WorkerLauncher;
import io.partita.ops.endpoint.JobExecutionPages;
import io.partita.ops.endpoint.JobParameterSanitizer;
import io.partita.ops.endpoint.PartitaEndpoint;
import io.partita.recovery.JobExecutionControl;

import org.springframework.batch.core.configuration.DuplicateJobException;
import org.springframework.batch.core.configuration.JobRegistry;
import org.springframework.batch.core.configuration.support.MapJobRegistry;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.launch.support.TaskExecutorJobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.batch.autoconfigure.BatchAutoConfiguration;
import org.springframework.boot.batch.jdbc.autoconfigure.BatchDataSource;
import org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcAutoConfiguration;
import org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

/**
 * {@link AutoConfiguration Auto-configuration} of the Actuator endpoint
 * {@link PartitaEndpoint partita}, in managers only, with the application's
 * {@link SanitizingFunction}s and {@link PartitaEndpointProperties
 * management.endpoint.partita.show-values} deciding which job parameters it masks.
 */
@AutoConfiguration(after = { BatchAutoConfiguration.class, BatchJdbcAutoConfiguration.class,
		EmbeddedJobRepositoryAutoConfiguration.class, LocalLauncherAutoConfiguration.class,
		KubernetesLauncherAutoConfiguration.class })
@ConditionalOnClass({ WebEndpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBooleanProperty(name = WorkerEnvironmentPostProcessor.WORKER_PROCESS_PROPERTY, havingValue = false,
		matchIfMissing = true)
@EnableConfigurationProperties({ PartitaProperties.class, PartitaEndpointProperties.class })
public final class PartitaEndpointAutoConfiguration {

	private static final String DEFAULT_TABLE_PREFIX = "BATCH_";

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint(PartitaEndpoint.class)
	@ConditionalOnBean({ JobRepository.class, WorkerLauncher.class, DataSource.class })
	PartitaEndpoint partitaEndpoint(JobRepository jobRepository, ObjectProvider<JobRegistry> jobRegistry,
			ObjectProvider<Job> jobs, WorkerLauncher launcher,
			@BatchDataSource ObjectProvider<DataSource> batchDataSource, ObjectProvider<DataSource> dataSource,
			ObjectProvider<BatchJdbcProperties> batchJdbcProperties, PartitaProperties properties,
			PartitaEndpointProperties endpointProperties, ObjectProvider<SanitizingFunction> sanitizingFunctions)
			throws Exception {
		BatchJdbcProperties jdbc = batchJdbcProperties.getIfAvailable();
		String tablePrefix = (jdbc != null && jdbc.getTablePrefix() != null) ? jdbc.getTablePrefix()
				: DEFAULT_TABLE_PREFIX;
		JobExecutionPages pages = new JobExecutionPages(batchDataSource.getIfAvailable(dataSource::getObject),
				tablePrefix);
		JobExecutionControl control = new JobExecutionControl(jobRepository,
				asyncJobOperator(jobRepository, jobRegistry.getIfAvailable(() -> registryOf(jobs))), launcher,
				properties.getRecovery().getManagerSilence());
		JobParameterSanitizer sanitizer = new JobParameterSanitizer(endpointProperties.getShowValues(),
				endpointProperties.getRoles(), sanitizingFunctions.orderedStream().toList());
		return new PartitaEndpoint(pages, jobRepository, control, sanitizer);
	}

	/**
	 * The jobs a restart can find, as Spring Batch's own job operator finds them when the
	 * application defines no {@link JobRegistry}: the {@link Job} beans.
	 */
	private static JobRegistry registryOf(ObjectProvider<Job> jobs) {
		MapJobRegistry registry = new MapJobRegistry();
		jobs.orderedStream().forEach((job) -> {
			try {
				registry.register(job);
			}
			catch (DuplicateJobException ex) {
				throw new IllegalStateException(ex.getMessage(), ex);
			}
		});
		return registry;
	}

	/**
	 * A job operator whose restarts run on threads of their own, so that an HTTP request
	 * returns once the new execution is created rather than when it ends. It is not a
	 * bean: the application's own {@code JobOperator} stays the one Spring Boot
	 * configures.
	 */
	private static TaskExecutorJobOperator asyncJobOperator(JobRepository jobRepository, JobRegistry jobRegistry)
			throws Exception {
		TaskExecutorJobOperator operator = new TaskExecutorJobOperator();
		operator.setJobRepository(jobRepository);
		operator.setJobRegistry(jobRegistry);
		operator.setTaskExecutor(new SimpleAsyncTaskExecutor("partita-endpoint-"));
		operator.afterPropertiesSet();
		return operator;
	}

}
