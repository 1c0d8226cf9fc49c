package io.partita.recovery;

/**
 * Thrown when a job execution cannot undergo an operation in its current state, such as a
 * restart of a COMPLETED execution or of one whose workers still run. The message says
 * why and what to do instead. Nothing has been changed when it is thrown.
 */
public class IllegalJobExecutionStateException extends RuntimeException {

	public IllegalJobExecutionStateException(String message) {
		super(message);
	}

}
