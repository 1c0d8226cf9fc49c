package io.partita.recovery;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.LocalDateTime;
import java.util.concurrent.atomic.AtomicInteger;

import io.partita.test.InMemoryJobRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.scope.context.JobSynchronizationManager;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.dao.OptimisticLockingFailureException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A stop that writes the job execution between Spring Batch's read of its version and the
 * job thread's own write no longer fails the job's update: the execution ends STOPPED.
 */
class StopSafeJobRepositoryTests {

	private JobRepository repository;

	private JobExecution execution;

	private final AtomicInteger stopsInTheWindow = new AtomicInteger(1);

	@BeforeEach
	void startedExecution() throws Exception {
		this.repository = InMemoryJobRepository.create();
		JobParameters parameters = new JobParametersBuilder().addLong("run", System.nanoTime()).toJobParameters();
		JobInstance instance = this.repository.createJobInstance("job", parameters);
		this.execution = this.repository.createJobExecution(instance, parameters, new ExecutionContext());
		this.execution.setStartTime(LocalDateTime.now());
		this.execution.setStatus(BatchStatus.STARTED);
		this.repository.update(this.execution);
	}

	@AfterEach
	void release() {
		JobSynchronizationManager.release();
	}

	@Test
	void jobThreadsUpdateRacedByAStopIsRecordedAgainAndEndsStopped() {
		JobRepository stopSafe = stopSafe(stopLandingInTheWindow());
		JobSynchronizationManager.register(this.execution);
		this.execution.setStatus(BatchStatus.COMPLETED);
		this.execution.setExitStatus(ExitStatus.COMPLETED);
		this.execution.setEndTime(LocalDateTime.now());

		stopSafe.update(this.execution);

		assertThat(this.stopsInTheWindow).as("one update met the stop, its retry was recorded").hasValue(-1);
		JobExecution recorded = this.repository.getJobExecution(this.execution.getId());
		assertThat(recorded.getStatus()).isEqualTo(BatchStatus.STOPPED);
		assertThat(recorded.getEndTime()).isNotNull();
	}

	@Test
	void updateByAnotherThreadIsNotRetried() {
		JobRepository stopSafe = stopSafe(stopLandingInTheWindow());
		this.execution.setStatus(BatchStatus.COMPLETED);

		assertThatExceptionOfType(OptimisticLockingFailureException.class)
			.isThrownBy(() -> stopSafe.update(this.execution));
	}

	@Test
	void conflictsWithoutEndAreGivenUpOn() {
		this.stopsInTheWindow.set(Integer.MAX_VALUE);
		JobRepository stopSafe = stopSafe(stopLandingInTheWindow());
		JobSynchronizationManager.register(this.execution);

		assertThatExceptionOfType(OptimisticLockingFailureException.class)
			.isThrownBy(() -> stopSafe.update(this.execution));
		assertThat(Integer.MAX_VALUE - this.stopsInTheWindow.get()).isEqualTo(StopSafeJobRepository.MAX_ATTEMPTS);
	}

	private JobRepository stopSafe(JobRepository repository) {
		return (JobRepository) new StopSafeJobRepository().postProcessAfterInitialization(repository, "jobRepository");
	}

	/**
	 * The job repository as the job's thread meets it when a stop lands between Spring
	 * Batch's read of the version and its write: the stop is recorded, and the update
	 * fails as SimpleJobRepository's then does.
	 */
	private JobRepository stopLandingInTheWindow() {
		return (JobRepository) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { JobRepository.class }, (proxy, method, arguments) -> {
					if (method.getName().equals("update") && arguments[0] instanceof JobExecution
							&& this.stopsInTheWindow.getAndDecrement() > 0) {
						JobExecution stopping = this.repository.getJobExecution(this.execution.getId());
						stopping.setStatus(BatchStatus.STOPPING);
						stopping.setEndTime(LocalDateTime.now());
						this.repository.update(stopping);
						throw new OptimisticLockingFailureException(
								"Attempt to update job execution id=" + this.execution.getId() + " with wrong version");
					}
					try {
						return method.invoke(this.repository, arguments);
					}
					catch (InvocationTargetException ex) {
						throw ex.getTargetException();
					}
				});
	}

}
