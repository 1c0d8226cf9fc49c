package io.partita.benchmark;

import java.util.LinkedHashMap;
import java.util.Map;

import io.partita.Partita;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.partition.support.TaskExecutorPartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The benchmark's application: the same trivial partitioned job twice, once run by
 * Partita in worker processes and once by Spring Batch's
 * {@link TaskExecutorPartitionHandler} in threads, the floor.
 */
@SpringBootApplication
public class BenchmarkApplication {

	static final String WORKER_STEP = "trivialStep";

	@Bean
	Job partitaJob(JobRepository jobRepository, Partita partita, Partitioner benchmarkPartitioner) {
		Step manager = new StepBuilder("partitaManagerStep", jobRepository)
			.partitioner(WORKER_STEP, benchmarkPartitioner)
			.partitionHandler(partita.partitionHandler(WORKER_STEP))
			.build();
		return new JobBuilder("partitaJob", jobRepository).start(manager).build();
	}

	@Bean
	Job threadsJob(JobRepository jobRepository, Step trivialStep, Partitioner benchmarkPartitioner,
			@Value("${partita.max-workers}") int threads) throws Exception {
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("threads-");
		executor.setConcurrencyLimit(threads);
		TaskExecutorPartitionHandler handler = new TaskExecutorPartitionHandler();
		handler.setStep(trivialStep);
		handler.setTaskExecutor(executor);
		handler.afterPropertiesSet();
		Step manager = new StepBuilder("threadsManagerStep", jobRepository)
			.partitioner(WORKER_STEP, benchmarkPartitioner)
			.partitionHandler(handler)
			.build();
		return new JobBuilder("threadsJob", jobRepository).start(manager).build();
	}

	@Bean
	Step trivialStep(JobRepository jobRepository, PlatformTransactionManager transactionManager) {
		return new StepBuilder(WORKER_STEP, jobRepository).tasklet((contribution, context) -> {
			contribution.incrementWriteCount(1);
			return RepeatStatus.FINISHED;
		}, transactionManager).build();
	}

	@Bean
	@StepScope
	Partitioner benchmarkPartitioner(@Value("#{jobParameters['partitions']}") String partitions) {
		return (gridSize) -> {
			Map<String, ExecutionContext> contexts = new LinkedHashMap<>();
			for (int index = 0; index < Integer.parseInt(partitions); index++) {
				contexts.put("partition" + index, new ExecutionContext());
			}
			return contexts;
		};
	}

	public static void main(String[] args) {
		System.exit(SpringApplication.exit(SpringApplication.run(BenchmarkApplication.class, args)));
	}

}
