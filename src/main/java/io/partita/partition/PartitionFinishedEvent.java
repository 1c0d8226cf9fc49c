package io.partita.partition;

import java.time.Duration;
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
 * @param jobName the name of the job
 * @param workerStep the bean name of the worker step the partition runs
 * @param attempt the attempt number of the worker, 1 for the first launch
 * @param launchedAt when the worker was launched
 * @param retrying whether the partition will be launched again as its next attempt
 */
public record PartitionFinishedEvent(long jobExecutionId, long stepExecutionId, String partitionName, String workerName,
		BatchStatus status, WorkerExit exit, Instant detectedAt, String jobName, String workerStep, int attempt,
		Instant launchedAt, boolean retrying) {

	/**
	 * Returns how long the worker lived, from its launch to its end.
	 */
	public Duration duration() {
		return Duration.between(this.launchedAt, this.exit.endedAt());
	}

	/**
	 * Returns how long the manager took to handle the worker's end after its launcher
	 * learnt of it.
	 */
	public Duration detectionLatency() {
		return Duration.between(this.exit.endedAt(), this.detectedAt);
	}

}
