package io.partita.ops.metrics;

/**
 * Names and tags of Partita's metrics. Tags are bounded by what an application defines
 * (its jobs, worker steps and launcher) and by
 * {@link org.springframework.batch.core.BatchStatus}; execution ids and partition names
 * are never tags.
 */
public final class PartitaMetrics {

	/**
	 * Prefix of every Partita metric.
	 */
	public static final String METRICS_PREFIX = "partita.";

	/**
	 * Counter of worker launches, retries included.
	 */
	public static final String PARTITIONS_LAUNCHED = METRICS_PREFIX + "partitions.launched";

	/**
	 * Counter of partitions that ended for good, tagged with their outcome.
	 */
	public static final String PARTITIONS_FINISHED = METRICS_PREFIX + "partitions.finished";

	/**
	 * Counter of failed attempts that are launched again.
	 */
	public static final String PARTITIONS_RETRIED = METRICS_PREFIX + "partitions.retried";

	/**
	 * Gauge of the workers alive.
	 */
	public static final String WORKERS_ACTIVE = METRICS_PREFIX + "workers.active";

	/**
	 * Timer of the wait of a partition for a free slot in the window of workers.
	 */
	public static final String PARTITION_QUEUE_WAIT = METRICS_PREFIX + "partition.queue.wait";

	/**
	 * Timer of a worker's life, from its launch to its end, tagged with the outcome.
	 */
	public static final String PARTITION_DURATION = METRICS_PREFIX + "partition.duration";

	/**
	 * Timer from a worker's end, as its launcher saw it, to the manager having handled
	 * it.
	 */
	public static final String COMPLETION_DETECTION = METRICS_PREFIX + "completion.detection";

	/**
	 * Tag of the job name.
	 */
	public static final String JOB_TAG = "job";

	/**
	 * Tag of the worker step's bean name.
	 */
	public static final String STEP_TAG = "step";

	/**
	 * Tag of the launcher: {@code local}, {@code kubernetes}, or the class of a custom
	 * one.
	 */
	public static final String LAUNCHER_TAG = "launcher";

	/**
	 * Tag of a partition's status, such as {@code COMPLETED} or {@code FAILED}.
	 */
	public static final String OUTCOME_TAG = "outcome";

	private PartitaMetrics() {
	}

}
