package io.partita.launch;

import java.util.concurrent.CompletableFuture;

/**
 * One launched worker: a process, or a Kubernetes Job, running one step execution.
 */
public interface Worker {

	/**
	 * Returns how people and logs name this worker: the Kubernetes Job name, or the local
	 * process id.
	 */
	String name();

	/**
	 * Returns a future that completes once the worker has really ended (its process or
	 * pod is gone), never exceptionally.
	 */
	CompletableFuture<WorkerExit> exit();

	/**
	 * Asks the worker to stop: it should record its step STOPPED and end. A worker that
	 * does not end within the launcher's grace period is killed. Returns at once.
	 */
	void stop();

	/**
	 * Whether the worker waits for its platform to give it a slot, as an index of an
	 * Indexed Job whose pod the Job controller has not created yet: the manager's
	 * start-up and run timeouts count from when it stops waiting.
	 */
	default boolean isQueued() {
		return false;
	}

}
