package io.partita.launch;

import java.util.List;

import org.springframework.util.Assert;

/**
 * Partitions of one manager step execution that a {@link WorkerLauncher} is asked to
 * start together, as one object of its platform (such as one Indexed Job), running at
 * most {@code maxWorkers} of them at once.
 *
 * @param jobName the name of the job
 * @param managerStepExecutionId the step execution id of the manager step
 * @param number 1 for the first round of the manager step execution, then 2, 3, … for
 * each later one (retries)
 * @param maxWorkers how many of the round's workers may run at once
 * @param requests one request per partition, in index order, all of the same worker step
 * and attempt
 */
public record WorkerRound(String jobName, long managerStepExecutionId, int number, int maxWorkers,
		List<WorkerRequest> requests) {

	public WorkerRound {
		Assert.notEmpty(requests, "requests must not be empty");
		requests = List.copyOf(requests);
		int attempt = requests.get(0).contract().attempt();
		Assert.isTrue(requests.stream().allMatch((request) -> request.contract().attempt() == attempt),
				"the requests of a round must share their attempt");
	}

	/**
	 * Returns the attempt of every partition of this round.
	 */
	public int attempt() {
		return this.requests.get(0).contract().attempt();
	}

}
