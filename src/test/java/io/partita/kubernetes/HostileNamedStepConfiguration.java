package io.partita.kubernetes;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * A worker step whose bean name no Kubernetes name or label value accepts as it is: long,
 * with uppercase letters, underscores and dots. Managers load it as a test source and
 * worker pods through {@code SPRING_MAIN_SOURCES}.
 */
@Configuration(proxyBeanMethods = false)
public class HostileNamedStepConfiguration {

	/**
	 * Bean name of the worker step, 66 characters.
	 */
	public static final String STEP = "Ledger_Import.Nightly_Worker_Step.Partition_Of_The_General_Ledger_";

	@Bean(STEP)
	Step hostileNamedStep(JobRepository jobRepository, PlatformTransactionManager transactionManager) {
		return new StepBuilder(STEP, jobRepository).tasklet((contribution, chunkContext) -> {
			contribution.incrementWriteCount(1);
			return RepeatStatus.FINISHED;
		}, transactionManager).build();
	}

}
