package io.partita.autoconfigure;

import io.partita.worker.CommittedExecutionContexts;
import io.partita.worker.WorkerContract;
import io.partita.worker.WorkerFailureClassifier;
import io.partita.worker.WorkerStepRunner;

import org.springframework.batch.core.launch.support.JvmSystemExiter;
import org.springframework.batch.core.launch.support.SystemExiter;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.batch.autoconfigure.BatchAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;

/**
 * {@link AutoConfiguration Auto-configuration} of the worker side, active in a process
 * started with the {@link WorkerContract} variables.
 */
@AutoConfiguration(after = { BatchAutoConfiguration.class, PartitaAutoConfiguration.class })
@ConditionalOnBooleanProperty(WorkerEnvironmentPostProcessor.WORKER_PROCESS_PROPERTY)
@EnableConfigurationProperties(PartitaProperties.class)
public final class WorkerAutoConfiguration {

	@Bean
	static CommittedExecutionContexts partitaCommittedExecutionContexts() {
		return new CommittedExecutionContexts();
	}

	@Bean
	@Lazy(false)
	WorkerStepRunner workerStepRunner(Environment environment, JobRepository jobRepository,
			ConfigurableApplicationContext context, WorkerFailureClassifier failureClassifier,
			SystemExiter systemExiter, PartitaProperties properties) {
		return new WorkerStepRunner(() -> WorkerContract.from(environment), jobRepository, context, failureClassifier,
				systemExiter, properties.getWorker().getShutdownGracePeriod());
	}

	@Bean
	@ConditionalOnMissingBean
	SystemExiter systemExiter() {
		return new JvmSystemExiter();
	}

}
