package io.partita.partition;

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
 */
public record PartitionLaunchedEvent(long jobExecutionId, long stepExecutionId, String partitionName, String workerName,
		int attempt, Instant launchedAt) {

}
