package io.partita.launch;

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

}
