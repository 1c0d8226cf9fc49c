package io.partita.recovery;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.observation.ObservationRegistry;
import io.partita.schedule.ConcurrencyPolicy;
import io.partita.schedule.JobSchedule;
import io.partita.schedule.ScheduleTestJobs;
import io.partita.schedule.ScheduledRunLauncher;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.configuration.support.MapJobRegistry;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.launch.support.TaskExecutorJobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A stop landed at every point of a run's life, one run per point: before each statement
 * its own thread sends the job repository (just launched, starting, between chunks,
 * finishing), through the replace policy, the endpoint's stop and the manager's shutdown.
 * Every stopped run ends STOPPED, or COMPLETED if it got there first, never left running
 * without a thread; a STOPPED run restarts to COMPLETED, and the run that replaced it
 * completes.
 */
class StopAtAnyPointTests {

	private static final Duration SAFETY_NET = Duration.ofSeconds(60);

	private static final int CHUNKS = 3;

	private static final Instant FIRST_FIRE = Instant.parse("2026-01-01T00:00:00Z");

	@Test
	void replacePolicyStopsARunAtAnyPoint() {
		sweep((context, launcher, schedule, executionId, next) -> launcher.fire(schedule, next, "test"));
	}

	@Test
	void endpointStopsARunAtAnyPoint() {
		sweep((context, launcher, schedule, executionId, next) -> control(context).stop(executionId));
	}

	@Test
	void managerShutdownStopsARunAtAnyPoint() {
		sweep((context, launcher, schedule, executionId, next) -> launcher.close());
	}

	private void sweep(Stop stop) {
		ScheduleTestJobs.manager()
			.withUserConfiguration(StoppableJob.class)
			.withPropertyValues(ScheduleTestJobs.inMemoryJobRepository())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				JobSchedule schedule = new JobSchedule("stoppable", context.getBean("stoppableJob", Job.class),
						"* * * * * *", ZoneOffset.UTC, new JobParameters(), ConcurrencyPolicy.REPLACE);
				int points = run(context, schedule, FIRST_FIRE, 0, stop);
				assertThat(points).as("points of a run that nobody stops").isGreaterThan(3 * CHUNKS);
				for (int point = 1; point <= points; point++) {
					Instant fireTime = FIRST_FIRE.plusSeconds(2L * point);
					assertThat(run(context, schedule, fireTime, point, stop)).as("points before the stop")
						.isGreaterThanOrEqualTo(point);
				}
			});
	}

	/**
	 * Fires the run of the given time, holds it at the given point to stop it there (0:
	 * lets it run), and checks what became of it; returns the points it passed.
	 */
	private int run(AssertableApplicationContext context, JobSchedule schedule, Instant fireTime, int point, Stop stop)
			throws Exception {
		JobRepository jobRepository = context.getBean(JobRepository.class);
		JobThreadPauses pauses = context.getBean(JobThreadPauses.class);
		JobParameters parameters = schedule.parametersFor(fireTime, "test");
		Instant nextFireTime = fireTime.plusSeconds(1);
		String description = "the stop at point " + point + " (fire time " + fireTime + ")";
		AtomicReference<Throwable> stopFailure = new AtomicReference<>();
		pauses.arm((execution) -> fireTime.toString()
			.equals(execution.getJobParameters().getString(JobSchedule.FIRE_TIME_PARAMETER)), point);
		try (ScheduledRunLauncher launcher = new ScheduledRunLauncher(jobRepository, context, ObservationRegistry.NOOP,
				SAFETY_NET)) {
			launcher.fire(schedule, fireTime, "test");
			JobExecution target = jobRepository.getLastJobExecution(schedule.getJob().getName(), parameters);
			assertThat(target).as(description + ": the run started").isNotNull();
			if (point > 0) {
				long heldId = pauses.held().get(SAFETY_NET.toSeconds(), TimeUnit.SECONDS);
				assertThat(heldId).isEqualTo(target.getId());
				if (!jobRepository.getJobExecution(heldId).isRunning()) {
					// held after it recorded its end: nothing left to stop
					pauses.release();
					return pauses.points();
				}
				Thread stopper = pauses.stopOnAnotherThread(() -> {
					try {
						stop.stop(context, launcher, schedule, heldId, nextFireTime);
					}
					catch (Throwable ex) {
						stopFailure.set(ex);
					}
				});
				stopper.join(SAFETY_NET.toMillis());
				assertThat(stopper.isAlive()).as(description + " returned").isFalse();
			}
			await(description).atMost(SAFETY_NET)
				.until(() -> !jobRepository.getJobExecution(target.getId()).isRunning());
		}
		JobExecution ended = jobRepository
			.getJobExecution(jobRepository.getLastJobExecution(schedule.getJob().getName(), parameters).getId());
		if (stopFailure.get() != null) {
			assertThat(stopFailure.get()).as(description + " failed")
				.isInstanceOf(IllegalJobExecutionStateException.class);
			assertThat(ended.getStatus()).as(description + " found the run ended: it completed first")
				.isEqualTo(BatchStatus.COMPLETED);
		}
		assertThat(ended.getStatus()).as(description + ": " + ended.getExitStatus())
			.isIn(BatchStatus.STOPPED, BatchStatus.COMPLETED);
		assertThat(ended.getEndTime()).as(description + ": end time").isNotNull();
		if (point == 0) {
			assertThat(ended.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		}
		if (ended.getStatus() == BatchStatus.STOPPED) {
			JobExecution restart = syncOperator(jobRepository).start(schedule.getJob(), parameters);
			assertThat(restart.getStatus()).as(description + ": its restart " + restart.getAllFailureExceptions())
				.isEqualTo(BatchStatus.COMPLETED);
		}
		JobExecution replacing = jobRepository.getLastJobExecution(schedule.getJob().getName(),
				schedule.parametersFor(nextFireTime, "test"));
		if (replacing != null) {
			await(description + ": the run that replaced it").atMost(SAFETY_NET)
				.until(() -> jobRepository.getJobExecution(replacing.getId()).getStatus() == BatchStatus.COMPLETED);
		}
		return pauses.points();
	}

	private static JobExecutionControl control(AssertableApplicationContext context) {
		JobRepository jobRepository = context.getBean(JobRepository.class);
		MapJobRegistry registry = new MapJobRegistry();
		try {
			registry.register(context.getBean("stoppableJob", Job.class));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		return new JobExecutionControl(jobRepository,
				operator(jobRepository, registry, new SimpleAsyncTaskExecutor("partita-endpoint-")), (request) -> {
					throw new UnsupportedOperationException("no worker in this test");
				}, Duration.ofMinutes(1));
	}

	private static JobOperator syncOperator(JobRepository jobRepository) {
		return operator(jobRepository, new MapJobRegistry(), new SyncTaskExecutor());
	}

	private static TaskExecutorJobOperator operator(JobRepository jobRepository, MapJobRegistry registry,
			TaskExecutor taskExecutor) {
		TaskExecutorJobOperator operator = new TaskExecutorJobOperator();
		operator.setJobRepository(jobRepository);
		operator.setJobRegistry(registry);
		operator.setTaskExecutor(taskExecutor);
		try {
			operator.afterPropertiesSet();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		return operator;
	}

	/**
	 * One way to stop a run.
	 */
	@FunctionalInterface
	private interface Stop {

		void stop(AssertableApplicationContext context, ScheduledRunLauncher launcher, JobSchedule schedule,
				long executionId, Instant nextFireTime) throws Exception;

	}

	@Configuration(proxyBeanMethods = false)
	static class StoppableJob {

		@Bean
		static JobThreadPauses jobThreadPauses() {
			return new JobThreadPauses();
		}

		@Bean
		Job stoppableJob(JobRepository jobRepository, PlatformTransactionManager transactionManager) {
			return new JobBuilder("stoppableJob", jobRepository)
				.start(new StepBuilder("stoppableStep", jobRepository)
					.tasklet((contribution,
							chunkContext) -> (chunkContext.getStepContext().getStepExecution().getCommitCount() < CHUNKS
									- 1) ? RepeatStatus.CONTINUABLE : RepeatStatus.FINISHED,
							transactionManager)
					.build())
				.build();
		}

	}

}
