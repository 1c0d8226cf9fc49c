package io.partita.schedule;

/**
 * What a {@link JobSchedule} does when it fires while an earlier run of the same schedule
 * is still running, as a Kubernetes CronJob's {@code concurrencyPolicy} defines it.
 */
public enum ConcurrencyPolicy {

	/**
	 * Start the new run beside the running ones.
	 */
	ALLOW,

	/**
	 * Skip the new run while an earlier one runs.
	 */
	FORBID,

	/**
	 * Stop the running ones ({@code JobOperator.stop}) and start the new run.
	 */
	REPLACE

}
