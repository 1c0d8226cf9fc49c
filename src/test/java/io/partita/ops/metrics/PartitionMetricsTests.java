package io.partita.ops.metrics;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.partita.partition.PartitionFinishedEvent;
import io.partita.partition.PartitionLaunchedEvent;
import io.partita.partition.TestingWorkerLauncher;
import io.partita.partition.TestingWorkerLauncher.TestingWorker;
import io.partita.partition.WorkerPartitionHandler;
import io.partita.test.InMemoryJobRepository;
import io.partita.test.ManagerSteps;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.util.backoff.FixedBackOff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The partition metrics, recorded from the events of a real
 * {@link WorkerPartitionHandler} (with a test double for the launcher) delivered through
 * a Spring context.
 */
class PartitionMetricsTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final TestingWorkerLauncher launcher = new TestingWorkerLauncher();

	private final AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();

	private JobRepository jobRepository;

	@BeforeEach
	void setUp() throws Exception {
		this.jobRepository = InMemoryJobRepository.create();
		this.context.registerBean(PartitionMetrics.class, () -> new PartitionMetrics(this.registry, "testing"));
		this.context.refresh();
	}

	@AfterEach
	void close() {
		this.context.close();
	}

	@Test
	void launchesRetriesAndOutcomesAreCountedByJobStepAndLauncher() throws Exception {
		CompletableFuture<Collection<StepExecution>> handled = handle(2);

		TestingWorker failing = this.launcher.nextLaunch();
		await().untilAsserted(() -> assertThat(gauge(PartitaMetrics.WORKERS_ACTIVE)).isEqualTo(1));
		end(failing, BatchStatus.FAILED, 1);
		for (int i = 0; i < 2; i++) {
			end(this.launcher.nextLaunch(), BatchStatus.COMPLETED, 0);
		}
		assertThat(handled.get(30, TimeUnit.SECONDS)).hasSize(2);

		assertThat(count(PartitaMetrics.PARTITIONS_LAUNCHED)).isEqualTo(3);
		assertThat(count(PartitaMetrics.PARTITIONS_RETRIED)).isEqualTo(1);
		assertThat(this.registry.get(PartitaMetrics.PARTITIONS_FINISHED).tag("outcome", "COMPLETED").counter().count())
			.isEqualTo(2);
		assertThat(this.registry.find(PartitaMetrics.PARTITIONS_FINISHED).tag("outcome", "FAILED").counter()).isNull();
		assertThat(gauge(PartitaMetrics.WORKERS_ACTIVE)).isZero();
		assertThat(this.registry.get(PartitaMetrics.PARTITION_QUEUE_WAIT).timer().count()).isEqualTo(3);
		assertThat(this.registry.get(PartitaMetrics.PARTITION_DURATION).tag("outcome", "FAILED").timer().count())
			.isEqualTo(1);
		assertThat(this.registry.get(PartitaMetrics.PARTITION_DURATION).tag("outcome", "COMPLETED").timer().count())
			.isEqualTo(2);
		assertThat(this.registry.get(PartitaMetrics.COMPLETION_DETECTION).timer().count()).isEqualTo(3);
	}

	@Test
	void failureOutOfAttemptsIsAFinishedPartitionWithTheFailedOutcome() throws Exception {
		CompletableFuture<Collection<StepExecution>> handled = handle(1);

		end(this.launcher.nextLaunch(), BatchStatus.FAILED, 1);
		end(this.launcher.nextLaunch(), BatchStatus.FAILED, 1);
		assertThat(handled).failsWithin(30, TimeUnit.SECONDS);

		assertThat(count(PartitaMetrics.PARTITIONS_RETRIED)).isEqualTo(1);
		assertThat(this.registry.get(PartitaMetrics.PARTITIONS_FINISHED).tag("outcome", "FAILED").counter().count())
			.isEqualTo(1);
	}

	@Test
	void metersAreTaggedOnlyWithJobStepLauncherAndOutcome() throws Exception {
		CompletableFuture<Collection<StepExecution>> handled = handle(2);
		end(this.launcher.nextLaunch(), BatchStatus.FAILED, 1);
		for (int i = 0; i < 2; i++) {
			end(this.launcher.nextLaunch(), BatchStatus.COMPLETED, 0);
		}
		handled.get(30, TimeUnit.SECONDS);

		assertThat(this.registry.getMeters()).extracting((meter) -> meter.getId().getName())
			.containsOnly(PartitaMetrics.PARTITIONS_LAUNCHED, PartitaMetrics.PARTITIONS_FINISHED,
					PartitaMetrics.PARTITIONS_RETRIED, PartitaMetrics.WORKERS_ACTIVE,
					PartitaMetrics.PARTITION_QUEUE_WAIT, PartitaMetrics.PARTITION_DURATION,
					PartitaMetrics.COMPLETION_DETECTION);
		for (Meter meter : this.registry.getMeters()) {
			assertThat(meter.getId().getTags()).as(meter.getId().toString())
				.filteredOn((tag) -> !tag.getKey().equals("outcome"))
				.containsExactlyInAnyOrder(Tag.of("job", "importJob"), Tag.of("step", "importStep"),
						Tag.of("launcher", "testing"));
		}
	}

	@Test
	void prometheusNamesFollowTheMicrometerConventions() throws Exception {
		PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		PartitionMetrics metrics = new PartitionMetrics(prometheus, "testing");
		WorkerPartitionHandler handler = handler(1);
		handler.setEventPublisher((event) -> {
			if (event instanceof PartitionLaunchedEvent launched) {
				metrics.launched(launched);
			}
			else if (event instanceof PartitionFinishedEvent finished) {
				metrics.finished(finished);
			}
		});
		StepExecution manager = ManagerSteps.startManagerStep(this.jobRepository, "importJob");
		CompletableFuture<Collection<StepExecution>> handled = ManagerSteps.handle(handler, this.jobRepository,
				"importStep", manager, 1);
		end(this.launcher.nextLaunch(), BatchStatus.COMPLETED, 0);
		handled.get(30, TimeUnit.SECONDS);

		String tags = "job=\"importJob\",launcher=\"testing\"";
		assertThat(prometheus.scrape())
			.contains("partita_partitions_launched_total{" + tags + ",step=\"importStep\"} 1")
			.contains("partita_partitions_finished_total{" + tags + ",outcome=\"COMPLETED\",step=\"importStep\"} 1")
			.contains("partita_workers_active{" + tags + ",step=\"importStep\"} 0")
			.contains("partita_partition_queue_wait_seconds_count{" + tags + ",step=\"importStep\"} 1")
			.contains("partita_partition_duration_seconds_count{" + tags
					+ ",outcome=\"COMPLETED\",step=\"importStep\"} 1")
			.contains("partita_completion_detection_seconds_count{" + tags + ",step=\"importStep\"} 1");
	}

	private CompletableFuture<Collection<StepExecution>> handle(int partitions) throws Exception {
		WorkerPartitionHandler handler = handler(2);
		handler.setEventPublisher(this.context);
		StepExecution manager = ManagerSteps.startManagerStep(this.jobRepository, "importJob");
		return ManagerSteps.handle(handler, this.jobRepository, "importStep", manager, partitions);
	}

	private WorkerPartitionHandler handler(int maxAttempts) {
		WorkerPartitionHandler handler = new WorkerPartitionHandler(this.launcher, this.jobRepository, "importStep");
		handler.setMaxWorkers(1);
		handler.setMaxAttempts(maxAttempts);
		handler.setRetryBackOff(new FixedBackOff(0, 5));
		return handler;
	}

	private void end(TestingWorker worker, BatchStatus status, int exitCode) {
		ManagerSteps.recordStatus(this.jobRepository, worker.request().contract().stepExecutionId(), status);
		worker.exitWith(exitCode, "exit code " + exitCode);
	}

	private double count(String name) {
		return this.registry.get(name).counter().count();
	}

	private double gauge(String name) {
		return this.registry.get(name).gauge().value();
	}

}
