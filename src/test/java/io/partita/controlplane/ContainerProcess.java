package io.partita.controlplane;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * A running container of a pod on the {@link NodeAgent}'s node: a local process, or an
 * in-process stand-in for a trivial image.
 */
interface ContainerProcess {

	Instant startedAt();

	boolean isAlive();

	/**
	 * The container's end.
	 * @return the exit code: the program's, or 128 + the signal that ended it
	 */
	CompletableFuture<Integer> exit();

	/**
	 * Asks the container to stop, as SIGTERM does.
	 */
	void terminate();

	/**
	 * Ends the container at once, as SIGKILL does.
	 */
	void kill();

}
