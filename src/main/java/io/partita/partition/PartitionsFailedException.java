package io.partita.partition;

import org.springframework.batch.core.job.JobExecutionException;

/**
 * Fails a manager step whose partitions did not all complete; its message names each
 * failed partition with the reason its worker gave, so that the manager step's exit
 * description says what went wrong.
 */
public class PartitionsFailedException extends JobExecutionException {

	public PartitionsFailedException(String message) {
		super(message);
	}

}
