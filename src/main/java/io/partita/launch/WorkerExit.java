package io.partita.launch;

import java.time.Instant;
import java.util.List;

import io.partita.worker.WorkerExitCode;
import org.jspecify.annotations.Nullable;

/**
 * How a worker ended, as its launcher saw it.
 *
 * @param exitCode the exit code of the worker's process, or {@code null} when it never
 * ran or the code is unknown
 * @param reason why it ended, in words, such as {@code exit code 137 (killed by SIGKILL)}
 * @param logTail the last lines the worker wrote, oldest first
 * @param endedAt when the launcher learnt of the end
 * @param disrupted whether the platform ended the worker (evicted, preempted, node lost,
 * its Job deleted by someone else) rather than the worker failing on its own
 * @param permanent whether the failure cannot be retried whatever the exit code says: the
 * platform gave up on the whole group the worker belonged to (an Indexed Job past its
 * {@code maxFailedIndexes}) or cannot run it at all (a cluster too old for the mode)
 */
public record WorkerExit(@Nullable Integer exitCode, String reason, List<String> logTail, Instant endedAt,
		boolean disrupted, boolean permanent) {

	public WorkerExit {
		logTail = List.copyOf(logTail);
	}

	/**
	 * A worker that ended, disrupted or not, with a failure that the contract may allow
	 * to retry.
	 */
	public WorkerExit(@Nullable Integer exitCode, String reason, List<String> logTail, Instant endedAt,
			boolean disrupted) {
		this(exitCode, reason, logTail, endedAt, disrupted, false);
	}

	/**
	 * A worker that ended on its own (not {@link #disrupted()}).
	 */
	public WorkerExit(@Nullable Integer exitCode, String reason, List<String> logTail, Instant endedAt) {
		this(exitCode, reason, logTail, endedAt, false);
	}

	/**
	 * A worker that could not be launched at all.
	 */
	public static WorkerExit launchFailed(String reason) {
		return new WorkerExit(null, "launch failed: " + reason, List.of(), Instant.now());
	}

	/**
	 * A worker that could not be launched, and never can be as things stand: retrying
	 * would fail the same way.
	 */
	public static WorkerExit launchImpossible(String reason) {
		return new WorkerExit(null, "launch failed: " + reason, List.of(), Instant.now(), false, true);
	}

	/**
	 * Whether the worker exited with the contract's code for a completed step.
	 */
	public boolean isSuccess() {
		return this.exitCode != null && this.exitCode == WorkerExitCode.COMPLETED.code();
	}

	/**
	 * Whether the contract allows a retry after this exit: false for a misconfigured
	 * worker, a failure classified as not retryable, and a {@link #permanent()} failure.
	 */
	public boolean isRetryable() {
		if (this.permanent) {
			return false;
		}
		WorkerExitCode code = (this.exitCode != null) ? WorkerExitCode.of(this.exitCode) : null;
		return code == null || code.isRetryable();
	}

	/**
	 * Describes an exit code of a worker process in words.
	 */
	public static String describeExitCode(int exitCode) {
		WorkerExitCode code = WorkerExitCode.of(exitCode);
		if (code != null) {
			String meaning = switch (code) {
				case COMPLETED -> "step completed";
				case FAILED -> "step failed";
				case FAILED_NOT_RETRYABLE -> "step failed, not retryable";
				case MISCONFIGURED -> "worker misconfigured";
				case STOPPED -> "stopped by SIGTERM";
			};
			return "exit code " + exitCode + " (" + meaning + ")";
		}
		if (exitCode == 137) {
			return "exit code 137 (killed by SIGKILL)";
		}
		if (exitCode > 128 && exitCode < 160) {
			return "exit code " + exitCode + " (killed by signal " + (exitCode - 128) + ")";
		}
		return "exit code " + exitCode;
	}

}
