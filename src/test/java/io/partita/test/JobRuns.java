package io.partita.test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * Starts jobs from tests and reads back what they recorded.
 */
public final class JobRuns {

	/**
	 * Runs the jobs on daemon threads, so that a job left running by a failed test cannot
	 * keep the test JVM alive.
	 */
	private static final Executor JOBS = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "test-job");
		thread.setDaemon(true);
		return thread;
	});

	private JobRuns() {
	}

	/**
	 * Starts the job on another thread; the future gives its execution as recorded in the
	 * job repository.
	 */
	public static CompletableFuture<JobExecution> start(JobOperator jobOperator, JobRepository jobRepository, Job job,
			JobParameters parameters, Duration timeout) {
		return CompletableFuture.supplyAsync(() -> {
			try {
				return jobRepository.getJobExecution(jobOperator.start(job, parameters).getId());
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}, JOBS).orTimeout(timeout.toSeconds(), TimeUnit.SECONDS);
	}

	/**
	 * Returns the step executions of the given execution whose names start with the given
	 * prefix, as recorded.
	 */
	public static List<StepExecution> steps(JobRepository jobRepository, JobExecution execution, String prefix) {
		return jobRepository.getJobExecution(execution.getId())
			.getStepExecutions()
			.stream()
			.filter((step) -> step.getStepName().startsWith(prefix))
			.toList();
	}

	/**
	 * Returns the step execution of the given name, as recorded.
	 */
	public static StepExecution step(JobRepository jobRepository, JobExecution execution, String name) {
		return steps(jobRepository, execution, name).stream()
			.filter((step) -> step.getStepName().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No step execution " + name + " in " + execution));
	}

}
