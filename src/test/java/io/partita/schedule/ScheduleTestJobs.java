package io.partita.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.partita.autoconfigure.PartitaAutoConfiguration;
import io.partita.autoconfigure.ScheduleAutoConfiguration;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.RunIdIncrementer;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.batch.autoconfigure.BatchAutoConfiguration;
import org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Jobs for the scheduling tests: {@code tickJob} completes at once, {@code blockingJob}
 * runs until the test opens its {@link Gate} or the job is stopped, and
 * {@code incrementedJob} has a parameters incrementer. Records the
 * {@link ScheduledRunEvent}s.
 */
@Configuration(proxyBeanMethods = false)
public class ScheduleTestJobs {

	/**
	 * Returns a runner of a manager with these jobs and scheduled runs, to be given a job
	 * repository ({@code spring.datasource.*}) and schedules.
	 */
	public static ApplicationContextRunner manager() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
					BatchJdbcAutoConfiguration.class, BatchAutoConfiguration.class, PartitaAutoConfiguration.class,
					ScheduleAutoConfiguration.class))
			.withUserConfiguration(ScheduleTestJobs.class)
			.withPropertyValues("spring.batch.jdbc.initialize-schema=always",
					"spring.batch.jdbc.isolation-level-for-create=read_committed");
	}

	/**
	 * Returns the properties of a new in-memory job repository.
	 */
	public static String[] inMemoryJobRepository() {
		return new String[] { "spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1" };
	}

	/**
	 * Returns the job's instances, newest first.
	 */
	public static List<JobInstance> instances(JobRepository jobRepository, String jobName) {
		return jobRepository.getJobInstances(jobName, 0, Integer.MAX_VALUE);
	}

	@Bean
	Job tickJob(JobRepository jobRepository, PlatformTransactionManager transactionManager) {
		return new JobBuilder("tickJob", jobRepository)
			.start(new StepBuilder("tickStep", jobRepository)
				.tasklet((contribution, chunkContext) -> RepeatStatus.FINISHED, transactionManager)
				.build())
			.build();
	}

	@Bean
	Job blockingJob(JobRepository jobRepository, PlatformTransactionManager transactionManager, Gate gate) {
		// each wait is a chunk, so a stop through the job repository is seen at once
		return new JobBuilder("blockingJob", jobRepository)
			.start(new StepBuilder("blockingStep", jobRepository).tasklet(
					(contribution, chunkContext) -> gate.await() ? RepeatStatus.FINISHED : RepeatStatus.CONTINUABLE,
					transactionManager)
				.build())
			.build();
	}

	@Bean
	Job incrementedJob(JobRepository jobRepository, PlatformTransactionManager transactionManager) {
		return new JobBuilder("incrementedJob", jobRepository).incrementer(new RunIdIncrementer())
			.start(new StepBuilder("incrementedStep", jobRepository)
				.tasklet((contribution, chunkContext) -> RepeatStatus.FINISHED, transactionManager)
				.build())
			.build();
	}

	@Bean
	Gate gate() {
		return new Gate();
	}

	@Bean
	ScheduledRunEvents scheduledRunEvents() {
		return new ScheduledRunEvents();
	}

	/**
	 * Holds {@code blockingJob} until the test opens it.
	 */
	public static class Gate {

		private final CountDownLatch open = new CountDownLatch(1);

		boolean await() throws InterruptedException {
			return this.open.await(100, TimeUnit.MILLISECONDS);
		}

		public void open() {
			this.open.countDown();
		}

	}

	/**
	 * The {@link ScheduledRunEvent}s of a manager, in order.
	 */
	public static class ScheduledRunEvents {

		private final List<ScheduledRunEvent> events = new ArrayList<>();

		@EventListener
		synchronized void record(ScheduledRunEvent event) {
			this.events.add(event);
		}

		public synchronized List<ScheduledRunEvent> all() {
			return List.copyOf(this.events);
		}

		public List<ScheduledRunEvent> of(ScheduledRunEvent.Outcome outcome) {
			return all().stream().filter((event) -> event.outcome() == outcome).toList();
		}

	}

}
