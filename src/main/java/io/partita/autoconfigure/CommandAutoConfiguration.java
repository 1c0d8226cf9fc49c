package io.partita.autoconfigure;

import io.partita.command.RestartApplicationRunner;

import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.batch.autoconfigure.BatchAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/**
 * {@link AutoConfiguration Auto-configuration} of the manager's command-line entry
 * points: {@code --partita.restart=<job execution id>}.
 */
@AutoConfiguration(after = BatchAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = WorkerEnvironmentPostProcessor.WORKER_PROCESS_PROPERTY, havingValue = false,
		matchIfMissing = true)
@EnableConfigurationProperties(PartitaProperties.class)
public final class CommandAutoConfiguration {

	@Bean
	@ConditionalOnProperty("partita.restart")
	@ConditionalOnBean({ JobOperator.class, JobRepository.class })
	RestartApplicationRunner partitaRestartApplicationRunner(JobOperator jobOperator, JobRepository jobRepository,
			ApplicationEventPublisher eventPublisher, PartitaProperties properties) {
		Long restart = properties.getRestart();
		if (restart == null || restart < 1) {
			throw new InvalidPartitaPropertyException("partita.restart", restart, "it must be a job execution id",
					"Set it to the id of the FAILED or STOPPED execution to restart, such as --partita.restart=42.");
		}
		return new RestartApplicationRunner(jobOperator, jobRepository, eventPublisher, restart);
	}

}
