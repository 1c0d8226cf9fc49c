package io.partita.launch.kubernetes;

import java.util.List;

import org.springframework.util.Assert;

/**
 * The indexes of an Indexed Job: one round of a manager step execution, one index per
 * partition.
 *
 * @param managerStepExecutionId the step execution id of the manager step
 * @param round the round's number within the manager step execution
 * @param parallelism how many indexes run at once
 * @param stepExecutionIds the partitions' step execution ids, in index order
 */
public record WorkerIndexes(long managerStepExecutionId, int round, int parallelism, List<Long> stepExecutionIds) {

	public WorkerIndexes {
		Assert.notEmpty(stepExecutionIds, "stepExecutionIds must not be empty");
		Assert.isTrue(parallelism > 0, "parallelism must be positive");
		stepExecutionIds = List.copyOf(stepExecutionIds);
	}

	/**
	 * Returns the number of indexes, the Job's completions.
	 */
	public int size() {
		return this.stepExecutionIds.size();
	}

}
