package io.partita.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.partita.schedule.ScheduleTestJobs.Gate;
import io.partita.schedule.ScheduleTestJobs.ScheduledRunEvents;
import io.partita.schedule.ScheduledRunEvent.Outcome;
import io.partita.test.PostgresSchema;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static io.partita.schedule.ScheduleTestJobs.instances;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scheduled runs in a manager: a cron that fires every second starts a new job instance
 * each time, and the forbid and replace policies with a run that holds on until the test
 * lets it end, and two managers that share a PostgreSQL job repository without leader
 * election. The other tests have an in-memory job repository each.
 */
class ScheduledRunsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final String EVERY_SECOND = "* * * * * *";

	@Test
	void cronFiresANewJobInstanceOnEachFire() {
		manager("partita.schedules.tick.job=tickJob", "partita.schedules.tick.cron=" + EVERY_SECOND,
				"partita.schedules.tick.zone=Europe/Paris", "partita.schedules.tick.parameters.size=3,java.lang.Long")
			.run((context) -> {
				JobRepository jobRepository = context.getBean(JobRepository.class);
				await().atMost(TIMEOUT).until(() -> instances(jobRepository, "tickJob").size() >= 3);

				List<JobExecution> runs = instances(jobRepository, "tickJob").stream()
					.map(jobRepository::getLastJobExecution)
					.toList();
				assertThat(runs).allSatisfy((run) -> {
					assertThat(run.getJobParameters().getString(JobSchedule.SCHEDULE_PARAMETER)).isEqualTo("tick");
					assertThat(run.getJobParameters().getLong("size")).isEqualTo(3);
					assertThat(run.getJobParameters().getString(JobSchedule.LAUNCHED_BY_PARAMETER)).isNotBlank();
					Instant fireTime = Instant.parse(run.getJobParameters().getString(JobSchedule.FIRE_TIME_PARAMETER));
					assertThat(fireTime.getNano()).as("fire times are whole seconds").isZero();
				});
				assertThat(runs).extracting((run) -> run.getJobParameters().getString(JobSchedule.FIRE_TIME_PARAMETER))
					.doesNotHaveDuplicates();
				await().atMost(TIMEOUT)
					.untilAsserted(() -> assertThat(runs)
						.allSatisfy((run) -> assertThat(jobRepository.getJobExecution(run.getId()).getStatus())
							.isEqualTo(BatchStatus.COMPLETED)));
				await().atMost(TIMEOUT)
					.untilAsserted(() -> assertThat(events(context).of(Outcome.LAUNCHED))
						.extracting(ScheduledRunEvent::jobExecutionId)
						.containsAll(runs.stream().map(JobExecution::getId).toList()));
			});
	}

	@Test
	void twoManagersWithoutLeaderElectionStillStartOneJobInstancePerFireTime() {
		String schema = PostgresSchema.create();
		ApplicationContextRunner manager = ScheduleTestJobs.manager()
			.withPropertyValues("spring.datasource.url=" + schema, "spring.datasource.username=" + PostgresSchema.USER,
					"spring.datasource.password=" + PostgresSchema.PASSWORD, "partita.schedules.tick.job=tickJob",
					"partita.schedules.tick.cron=" + EVERY_SECOND);
		manager.withPropertyValues("partita.leader-election.identity=manager-a").run((a) -> {
			await().atMost(TIMEOUT).until(() -> a.getBean(JobScheduler.class).isFiring());
			manager
				.withPropertyValues("partita.leader-election.identity=manager-b",
						"spring.batch.jdbc.initialize-schema=never")
				.run((b) -> {
					await().atMost(TIMEOUT)
						.until(() -> events(a).of(Outcome.ALREADY_LAUNCHED).size()
								+ events(b).of(Outcome.ALREADY_LAUNCHED).size() >= 3);
					a.getBean(JobScheduler.class).stop();
					b.getBean(JobScheduler.class).stop();

					JobRepository jobRepository = a.getBean(JobRepository.class);
					List<String> fireTimes = instances(jobRepository, "tickJob").stream()
						.map((instance) -> jobRepository.getLastJobExecution(instance)
							.getJobParameters()
							.getString(JobSchedule.FIRE_TIME_PARAMETER))
						.toList();
					assertThat(fireTimes).doesNotHaveDuplicates();
					List<ScheduledRunEvent> both = new ArrayList<>(events(a).all());
					both.addAll(events(b).all());
					assertThat(both).extracting(ScheduledRunEvent::outcome)
						.containsOnly(Outcome.LAUNCHED, Outcome.ALREADY_LAUNCHED);
					Map<Instant, List<ScheduledRunEvent>> launched = both.stream()
						.filter((event) -> event.outcome() == Outcome.LAUNCHED)
						.collect(Collectors.groupingBy(ScheduledRunEvent::fireTime));
					assertThat(launched.values()).as("one launch per fire time")
						.allSatisfy((launches) -> assertThat(launches).hasSize(1));
					assertThat(launched).hasSameSizeAs(fireTimes);
				});
		});
	}

	@Test
	void forbidSkipsFiresWhileTheRunningRunHoldsOn() {
		manager("partita.schedules.hold.job=blockingJob", "partita.schedules.hold.cron=" + EVERY_SECOND,
				"partita.schedules.hold.concurrency-policy=forbid")
			.run((context) -> {
				JobRepository jobRepository = context.getBean(JobRepository.class);
				try {
					await().atMost(TIMEOUT).until(() -> events(context).of(Outcome.SKIPPED).size() >= 2);

					List<JobInstance> instances = instances(jobRepository, "blockingJob");
					assertThat(instances).hasSize(1);
					JobExecution running = jobRepository.getLastJobExecution(instances.get(0));
					assertThat(running.getStatus()).isEqualTo(BatchStatus.STARTED);
					assertThat(events(context).of(Outcome.SKIPPED)).allSatisfy((skipped) -> {
						assertThat(skipped.jobExecutionId()).isEqualTo(running.getId());
						assertThat(skipped.description()).contains("blockingJob execution " + running.getId(),
								"is still running (concurrency policy forbid)");
					});
				}
				finally {
					context.getBean(Gate.class).open();
				}
				await().atMost(TIMEOUT).until(() -> instances(jobRepository, "blockingJob").size() >= 2);
			});
	}

	@Test
	void replaceStopsTheRunningRunAndStartsTheNewOne() {
		manager("partita.schedules.hold.job=blockingJob", "partita.schedules.hold.cron=" + EVERY_SECOND,
				"partita.schedules.hold.concurrency-policy=replace")
			.run((context) -> {
				JobRepository jobRepository = context.getBean(JobRepository.class);
				try {
					await().atMost(TIMEOUT).until(() -> instances(jobRepository, "blockingJob").size() >= 2);
					List<JobInstance> instances = instances(jobRepository, "blockingJob");
					JobInstance first = instances.get(instances.size() - 1);
					await().atMost(TIMEOUT)
						.untilAsserted(() -> assertThat(jobRepository.getLastJobExecution(first).getStatus())
							.isEqualTo(BatchStatus.STOPPED));
					assertThat(events(context).of(Outcome.SKIPPED)).isEmpty();
					assertThat(events(context).of(Outcome.LAUNCHED)).hasSizeGreaterThanOrEqualTo(2);
				}
				finally {
					context.getBean(Gate.class).open();
				}
				context.getBean(JobScheduler.class).stop();
				await().atMost(TIMEOUT).until(() -> jobRepository.findRunningJobExecutions("blockingJob").isEmpty());
				List<JobInstance> instances = instances(jobRepository, "blockingJob");
				assertThat(instances.subList(1, instances.size())).as("every run but the last was replaced by the next")
					.allSatisfy((instance) -> assertThat(jobRepository.getLastJobExecution(instance).getStatus())
						.isEqualTo(BatchStatus.STOPPED));
			});
	}

	private static ApplicationContextRunner manager(String... properties) {
		return ScheduleTestJobs.manager()
			.withPropertyValues(ScheduleTestJobs.inMemoryJobRepository())
			.withPropertyValues(properties);
	}

	private static ScheduledRunEvents events(AssertableApplicationContext context) {
		return context.getBean(ScheduledRunEvents.class);
	}

}
