package io.partita.it;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import io.partita.Partita;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.PropertySource;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The application the integration tests run as manager and, in child JVMs, as workers:
 * one partitioned job whose partitions behave as the job parameters say (see
 * {@link BehaviourTasklet}).
 */
@SpringBootApplication
@PropertySource("classpath:test-jobs.properties")
public class TestJobsApplication {

	public static final String JOB = "testJob";

	public static final String WORKER_STEP = "testStep";

	public static final String MIXED_JOB = "mixedJob";

	@Bean
	Job testJob(JobRepository jobRepository, Step managerStep) {
		return new JobBuilder(JOB, jobRepository).start(managerStep).build();
	}

	@Bean
	Step managerStep(JobRepository jobRepository, Partita partita, Partitioner testPartitioner) {
		return new StepBuilder("managerStep", jobRepository).partitioner(WORKER_STEP, testPartitioner)
			.partitionHandler(partita.partitionHandler(WORKER_STEP))
			.build();
	}

	@Bean
	@StepScope
	Partitioner testPartitioner(@Value("#{jobParameters['partitions'] ?: '4'}") String partitions) {
		return (gridSize) -> partitions(Integer.parseInt(partitions));
	}

	/**
	 * A job that mixes a step run in the manager, a remote step and a partitioned step.
	 */
	@Bean
	Job mixedJob(JobRepository jobRepository, Step localStep, Step remoteWorkStep, Step managerStep, Partita partita) {
		return new JobBuilder(MIXED_JOB, jobRepository).start(localStep)
			.next(partita.remote(remoteWorkStep))
			.next(managerStep)
			.build();
	}

	@Bean
	Step localStep(JobRepository jobRepository, PlatformTransactionManager transactionManager) {
		return new StepBuilder("localStep", jobRepository).tasklet((contribution, chunkContext) -> {
			contribution.getStepExecution()
				.getExecutionContext()
				.putLong(RemoteWorkTasklet.PID, ProcessHandle.current().pid());
			return RepeatStatus.FINISHED;
		}, transactionManager).build();
	}

	@Bean
	Step remoteWorkStep(JobRepository jobRepository, PlatformTransactionManager transactionManager) {
		return new StepBuilder("remoteWorkStep", jobRepository).tasklet(new RemoteWorkTasklet(), transactionManager)
			.build();
	}

	@Bean
	Step testStep(JobRepository jobRepository, PlatformTransactionManager transactionManager, DataSource dataSource) {
		return new StepBuilder(WORKER_STEP, jobRepository).tasklet(new BehaviourTasklet(dataSource), transactionManager)
			.build();
	}

	static Map<String, ExecutionContext> partitions(int count) {
		Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
		for (int index = 0; index < count; index++) {
			ExecutionContext context = new ExecutionContext();
			context.putInt(BehaviourTasklet.INDEX, index);
			partitions.put("partition" + index, context);
		}
		return partitions;
	}

	public static void main(String[] args) {
		System.exit(SpringApplication.exit(SpringApplication.run(TestJobsApplication.class, args)));
	}

}
