package io.partita.recovery;

/**
 * Thrown when an operation names a job execution the job repository does not have.
 */
public class JobExecutionNotFoundException extends RuntimeException {

	public JobExecutionNotFoundException(long jobExecutionId) {
		super("The job repository has no job execution " + jobExecutionId
				+ ": use an id from the list of executions, on the same job repository.");
	}

}
