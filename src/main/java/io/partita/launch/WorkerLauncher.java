package io.partita.launch;

import java.util.List;

/**
 * Starts the worker for one partition. Implementations return at once: the launch itself,
 * and every failure of it, is reported through the returned {@link Worker}'s
 * {@link Worker#exit() exit}, never thrown.
 */
@FunctionalInterface
public interface WorkerLauncher {

	/**
	 * Starts a worker that runs the step execution named by the request.
	 * @param request what to run
	 * @return the worker, whose exit completes when it has really ended
	 */
	Worker launch(WorkerRequest request);

	/**
	 * Finds the workers of a job execution that are still alive, such as those an earlier
	 * manager launched before it died. Launchers that cannot find their workers again
	 * find none.
	 * @param jobExecutionId the job execution whose workers to find
	 * @return the live workers, each attached so that its exit completes when it ends
	 */
	default List<LiveWorker> findLiveWorkers(long jobExecutionId) {
		return List.of();
	}

	/**
	 * Whether this launcher starts the partitions of the given worker step in rounds,
	 * through {@link #launchRound}: the manager then hands it every partition that is
	 * ready at once, and the platform, not the manager, keeps at most
	 * {@link WorkerRound#maxWorkers()} of them running.
	 */
	default boolean launchesRounds(String workerStep) {
		return false;
	}

	/**
	 * Starts one worker per request of the round. Returns at once, like {@link #launch};
	 * by default launches each request on its own.
	 * @param round the partitions to start together
	 * @return the workers, in the order of the round's requests
	 */
	default List<Worker> launchRound(WorkerRound round) {
		return round.requests().stream().map(this::launch).toList();
	}

}
