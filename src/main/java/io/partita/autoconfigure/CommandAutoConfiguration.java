package io.partita.autoconfigure;

import io.partita.command.JobExecutionCommandRunner.Command;
import io.partita.command.JobExecutionCommandRunner;
import io.partita.command.RestartCommandHint;
import io.partita.launch.WorkerLauncher;
import io.partita.recovery.JobExecutionControl;
import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.batch.autoconfigure.BatchAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/**
 * {@link AutoConfiguration Auto-configuration} of the operations on job executions
 * ({@link JobExecutionControl}) and of the manager's command-line entry points:
 * {@code --partita.restart=<job execution id>} and
 * {@code --partita.recover=<job execution id>}.
 */
@AutoConfiguration(after = { BatchAutoConfiguration.class, LocalLauncherAutoConfiguration.class,
		KubernetesLauncherAutoConfiguration.class })
@ConditionalOnBooleanProperty(name = WorkerEnvironmentPostProcessor.WORKER_PROCESS_PROPERTY, havingValue = false,
		matchIfMissing = true)
@EnableConfigurationProperties(PartitaProperties.class)
public final class CommandAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean({ JobOperator.class, JobRepository.class, WorkerLauncher.class })
	JobExecutionControl partitaJobExecutionControl(JobRepository jobRepository, JobOperator jobOperator,
			WorkerLauncher launcher, PartitaProperties properties) {
		return new JobExecutionControl(jobRepository, jobOperator, launcher,
				properties.getRecovery().getManagerSilence());
	}

	@Bean
	@ConditionalOnMissingBean
	RestartCommandHint partitaRestartCommandHint() {
		return new RestartCommandHint();
	}

	@Bean
	@ConditionalOnExpression("'${partita.restart:}' != '' or '${partita.recover:}' != ''")
	@ConditionalOnBean(JobExecutionControl.class)
	JobExecutionCommandRunner partitaJobExecutionCommandRunner(JobExecutionControl control,
			ApplicationEventPublisher eventPublisher, PartitaProperties properties) {
		Long restart = properties.getRestart();
		Long recover = properties.getRecover();
		if (restart != null && recover != null) {
			throw new InvalidPartitaPropertyException("partita.recover", recover,
					"partita.restart is set too, to " + restart, "Set only one of them.");
		}
		Command command = (restart != null) ? Command.RESTART : Command.RECOVER;
		return new JobExecutionCommandRunner(control, eventPublisher, command,
				requireId(command, (restart != null) ? restart : recover));
	}

	private static long requireId(Command command, @Nullable Long id) {
		if (id == null || id < 1) {
			throw new InvalidPartitaPropertyException(command.property(), id, "it must be a job execution id",
					"Set it to the id of the execution, such as --" + command.property() + "=42.");
		}
		return id;
	}

}
