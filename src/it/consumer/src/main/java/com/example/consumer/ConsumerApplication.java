package com.example.consumer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.partita.Partita;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.partition.support.TaskExecutorPartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * An application of its own that uses Partita as documented: a partitioned step with a
 * grid size of 3 on Partita's handler. With the job parameter {@code failOnce=<file>},
 * partition 1 fails while that file does not exist, creating it, so that a restart
 * completes.
 */
@SpringBootApplication
public class ConsumerApplication {

	public static void main(String[] args) {
		SpringApplication.run(ConsumerApplication.class, args);
	}

	@Bean
	Job consumerJob(JobRepository jobRepository, Step managerStep) {
		return new JobBuilder("consumerJob", jobRepository).start(managerStep).build();
	}

	/**
	 * With Partita's auto-configuration excluded (the benchmark's baseline), Spring
	 * Batch's own handler runs the partitions in this JVM.
	 */
	@Bean
	Step managerStep(JobRepository jobRepository, ObjectProvider<Partita> partita, Step workerStep) {
		Partitioner partitioner = (gridSize) -> {
			Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
			for (int index = 0; index < gridSize; index++) {
				partitions.put("partition" + index, new ExecutionContext(Map.of("index", index)));
			}
			return partitions;
		};
		return new StepBuilder("managerStep", jobRepository).partitioner("workerStep", partitioner)
			.partitionHandler((partita.getIfAvailable() != null) ? partita.getObject().partitionHandler("workerStep", 3)
					: inThisJvm(workerStep))
			.build();
	}

	private static PartitionHandler inThisJvm(Step workerStep) {
		TaskExecutorPartitionHandler handler = new TaskExecutorPartitionHandler();
		handler.setStep(workerStep);
		handler.setGridSize(3);
		handler.setTaskExecutor(new SimpleAsyncTaskExecutor());
		return handler;
	}

	@Bean
	Step workerStep(JobRepository jobRepository, PlatformTransactionManager transactionManager) {
		return new StepBuilder("workerStep", jobRepository).tasklet((contribution, chunkContext) -> {
			Object failOnce = chunkContext.getStepContext().getJobParameters().get("failOnce");
			int index = (int) chunkContext.getStepContext().getStepExecutionContext().get("index");
			if (failOnce != null && index == 1 && !Files.exists(Path.of(failOnce.toString()))) {
				Files.createFile(Path.of(failOnce.toString()));
				throw new IllegalStateException("partition 1 fails once");
			}
			return RepeatStatus.FINISHED;
		}, transactionManager).build();
	}

}
