package io.partita.worker;

import org.jspecify.annotations.Nullable;

/**
 * Exit codes of a worker process, the half of the manager-worker contract a launcher
 * reads back.
 */
public enum WorkerExitCode {

	/** The step execution ended COMPLETED. */
	COMPLETED(0),

	/** The step execution ended FAILED and may be retried. */
	FAILED(1),

	/** The step execution ended FAILED with a failure classified as not retryable. */
	FAILED_NOT_RETRYABLE(2),

	/**
	 * The worker could not run: unknown step bean, missing or already completed step
	 * execution, missing or inconsistent contract variables. Never retried.
	 */
	MISCONFIGURED(3),

	/**
	 * The step execution was recorded STOPPED (SIGTERM, or a stop requested through the
	 * job repository).
	 */
	STOPPED(143);

	private final int code;

	WorkerExitCode(int code) {
		this.code = code;
	}

	public int code() {
		return this.code;
	}

	/**
	 * Whether a worker that exited with this code may be launched again for the same
	 * partition.
	 */
	public boolean isRetryable() {
		return this == FAILED;
	}

	public static @Nullable WorkerExitCode of(int code) {
		for (WorkerExitCode exitCode : values()) {
			if (exitCode.code == code) {
				return exitCode;
			}
		}
		return null;
	}

}
