package io.partita.test;

import java.time.LocalDateTime;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.partition.support.SimpleStepExecutionSplitter;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Drives a {@link PartitionHandler} the way a partitioned manager step does, without a
 * job around it: a started manager step execution, partitions split from it, and statuses
 * recorded as a worker would.
 */
public final class ManagerSteps {

	private ManagerSteps() {
	}

	/**
	 * Creates a started job execution of the given job with a started manager step.
	 */
	public static StepExecution startManagerStep(JobRepository jobRepository, String jobName) throws Exception {
		JobParameters parameters = new JobParametersBuilder().addLong("run", System.nanoTime()).toJobParameters();
		JobInstance instance = jobRepository.createJobInstance(jobName, parameters);
		JobExecution execution = jobRepository.createJobExecution(instance, parameters, new ExecutionContext());
		execution.setStatus(BatchStatus.STARTED);
		jobRepository.update(execution);
		StepExecution manager = jobRepository.createStepExecution("manager", execution);
		manager.setStatus(BatchStatus.STARTED);
		jobRepository.update(manager);
		return manager;
	}

	/**
	 * Splits the manager step into partitions of the given worker step, named
	 * {@code <step>:partition<n>}, and hands them to the handler on another thread.
	 */
	public static CompletableFuture<Collection<StepExecution>> handle(PartitionHandler handler,
			JobRepository jobRepository, String workerStep, StepExecution manager, int partitions) {
		SimpleStepExecutionSplitter splitter = new SimpleStepExecutionSplitter(jobRepository, workerStep,
				partitioner(partitions));
		return CompletableFuture.supplyAsync(() -> {
			try {
				return handler.handle(splitter, manager);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	/**
	 * Returns a partitioner of the given number of empty partitions, named
	 * {@code partition<n>}.
	 */
	public static Partitioner partitioner(int partitions) {
		return (gridSize) -> {
			Map<String, ExecutionContext> contexts = new LinkedHashMap<>();
			for (int index = 0; index < partitions; index++) {
				contexts.put("partition" + index, new ExecutionContext());
			}
			return contexts;
		};
	}

	/**
	 * Records the status of a partition, as its worker would.
	 */
	public static void recordStatus(JobRepository jobRepository, long stepExecutionId, BatchStatus status) {
		StepExecution partition = jobRepository.getStepExecution(stepExecutionId);
		partition.setStatus(status);
		partition.setExitStatus(new ExitStatus(status.name()));
		partition.setEndTime(LocalDateTime.now());
		jobRepository.update(partition);
	}

}
