package io.partita.ops.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.partita.partition.PartitionFinishedEvent;
import io.partita.partition.PartitionLaunchedEvent;

import org.springframework.context.event.EventListener;
import org.springframework.util.Assert;

/**
 * Records the manager's {@link PartitionLaunchedEvent partition events} as Micrometer
 * meters named in {@link PartitaMetrics}, tagged with the job, the worker step and the
 * launcher. At any time, launched = finished + retried + active.
 */
public class PartitionMetrics {

	private final MeterRegistry registry;

	private final String launcher;

	private final Map<Tags, AtomicInteger> activeWorkers = new ConcurrentHashMap<>();

	/**
	 * Creates the metrics of a manager.
	 * @param registry where the meters are registered
	 * @param launcher the name of the launcher, the value of the {@code launcher} tag
	 */
	public PartitionMetrics(MeterRegistry registry, String launcher) {
		Assert.notNull(registry, "registry must not be null");
		Assert.hasText(launcher, "launcher must not be empty");
		this.registry = registry;
		this.launcher = launcher;
	}

	@EventListener
	public void launched(PartitionLaunchedEvent event) {
		Tags tags = tags(event.jobName(), event.workerStep());
		Counter.builder(PartitaMetrics.PARTITIONS_LAUNCHED)
			.description("Worker launches, retries included")
			.tags(tags)
			.register(this.registry)
			.increment();
		Timer.builder(PartitaMetrics.PARTITION_QUEUE_WAIT)
			.description("Wait of a partition for a free slot in the window of workers")
			.tags(tags)
			.register(this.registry)
			.record(event.queueWait());
		activeWorkers(tags).incrementAndGet();
	}

	@EventListener
	public void finished(PartitionFinishedEvent event) {
		Tags tags = tags(event.jobName(), event.workerStep());
		activeWorkers(tags).decrementAndGet();
		Tags outcome = tags.and(PartitaMetrics.OUTCOME_TAG, event.status().name());
		Timer.builder(PartitaMetrics.PARTITION_DURATION)
			.description("Life of a worker, from its launch to its end")
			.tags(outcome)
			.register(this.registry)
			.record(event.duration());
		Timer.builder(PartitaMetrics.COMPLETION_DETECTION)
			.description("From a worker's end to the manager having handled it")
			.tags(tags)
			.register(this.registry)
			.record(event.detectionLatency());
		if (event.retrying()) {
			Counter.builder(PartitaMetrics.PARTITIONS_RETRIED)
				.description("Failed attempts launched again")
				.tags(tags)
				.register(this.registry)
				.increment();
		}
		else {
			Counter.builder(PartitaMetrics.PARTITIONS_FINISHED)
				.description("Partitions that ended for good, by outcome")
				.tags(outcome)
				.register(this.registry)
				.increment();
		}
	}

	private AtomicInteger activeWorkers(Tags tags) {
		return this.activeWorkers.computeIfAbsent(tags, (key) -> {
			AtomicInteger active = new AtomicInteger();
			Gauge.builder(PartitaMetrics.WORKERS_ACTIVE, active, AtomicInteger::get)
				.description("Workers alive")
				.tags(key)
				.register(this.registry);
			return active;
		});
	}

	private Tags tags(String job, String step) {
		return Tags.of(PartitaMetrics.JOB_TAG, job, PartitaMetrics.STEP_TAG, step, PartitaMetrics.LAUNCHER_TAG,
				this.launcher);
	}

}
