package io.partita.partition;

import java.time.Instant;

import io.partita.launch.WorkerExit;

import org.springframework.batch.core.BatchStatus;

/**
 * Published when a partition's worker has ended and the manager has read the partition's
 * outcome back from the job repository.
 *
 * @param jobExecutionId the manager's job execution
 * @param stepExecutionId the partition's step execution
 * @param partitionName the partition's step name
 * @param workerName the worker, as its launcher names it
 * @param status the partition's status as recorded in the job repository
 * @param exit how the worker ended
 * @param detectedAt when the manager learnt of the end
 */
public record PartitionFinishedEvent(long jobExecutionId, long stepExecutionId, String partitionName, String workerName,
		BatchStatus status, WorkerExit exit, Instant detectedAt) {

}
