package io.partita.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.RunIdIncrementer;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
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
