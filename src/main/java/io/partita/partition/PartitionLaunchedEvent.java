package io.partita.partition;

import java.time.Duration;
import java.time.Instant;

/**
 * Published when a partition's worker has been launched.
 *
 * @param jobExecutionId the manager's job execution
 * @param stepExecutionId the partition's step execution
 * @param partitionName the partition's step name
 * @param workerName the worker, as its launcher names it
 * @param attempt the attempt number, 1 for the first launch
 * @param launchedAt when the launch was made
 * @param jobName the name of the job
 * @param workerStep the bean name of the worker step the partition runs
 * @param queuedAt when the partition became ready to launch: when the step split its
 * partitions for a first attempt, when its retry pause ended for a later one
 */
public record PartitionLaunchedEvent(long jobExecutionId, long stepExecutionId, String partitionName, String workerName,
		int attempt, Instant launchedAt, String jobName, String workerStep, Instant queuedAt) {

	/**
	 * Returns how long the partition waited for a free slot in the window of workers.
	 */
	public Duration queueWait() {
		return Duration.between(this.queuedAt, this.launchedAt);
	}

}
