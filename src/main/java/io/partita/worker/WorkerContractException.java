package io.partita.worker;

/**
 * Thrown when a worker cannot run what the manager asked for; it ends the worker with
 * {@link WorkerExitCode#MISCONFIGURED}.
 */
public class WorkerContractException extends RuntimeException {

	public WorkerContractException(String message) {
		super(message);
	}

	public WorkerContractException(String variable, String problem) {
		super(variable + " " + problem);
	}

}
