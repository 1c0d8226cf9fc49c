package io.partita.partition;

import java.time.Duration;
import java.time.Instant;

import io.partita.launch.Worker;
import io.partita.launch.WorkerExit;
import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.step.StepExecution;

/**
 * A partition whose worker has been launched, with the deadlines the manager holds it to.
 */
final class LaunchedPartition {

	final StepExecution stepExecution;

	final Worker worker;

	final int attempt;

	final Instant launchedAt;

	/** Cleared once the worker has been seen to start its step. */
	@Nullable Instant startupDeadline;

	@Nullable Instant runDeadline;

	/** Why the manager stopped this worker, if it did. */
	@Nullable String stopReason;

	volatile @Nullable WorkerExit exit;

	LaunchedPartition(StepExecution stepExecution, Worker worker, int attempt, Instant launchedAt,
			@Nullable Instant startupDeadline, @Nullable Instant runDeadline) {
		this.stepExecution = stepExecution;
		this.worker = worker;
		this.attempt = attempt;
		this.launchedAt = launchedAt;
		this.startupDeadline = startupDeadline;
		this.runDeadline = runDeadline;
	}

	long id() {
		return this.stepExecution.getId();
	}

	String name() {
		return this.stepExecution.getStepName();
	}

	/**
	 * Returns the next deadline the manager holds this worker to, or {@code null} when
	 * there is none left: no timeouts, or the worker has already been asked to stop.
	 */
	@Nullable Instant nextDeadline() {
		if (this.stopReason != null) {
			return null;
		}
		if (this.startupDeadline == null || this.runDeadline == null) {
			return (this.startupDeadline != null) ? this.startupDeadline : this.runDeadline;
		}
		return this.startupDeadline.isBefore(this.runDeadline) ? this.startupDeadline : this.runDeadline;
	}

	/**
	 * Counts the timeouts from the given time on, for a worker still waiting for a slot
	 * of its platform.
	 */
	void postponeDeadlines(Instant now, @Nullable Duration startupTimeout, @Nullable Duration runTimeout) {
		this.startupDeadline = (startupTimeout != null) ? now.plus(startupTimeout) : null;
		this.runDeadline = (runTimeout != null) ? now.plus(runTimeout) : null;
	}

	void stop(String reason) {
		if (this.stopReason == null) {
			this.stopReason = reason;
			this.worker.stop();
		}
	}

}
