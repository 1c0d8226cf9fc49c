package io.partita.schedule;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Published each time a {@link JobSchedule} fires in the leader, with what came of it.
 *
 * @param schedule the schedule's name
 * @param fireTime the time the run was scheduled for
 * @param outcome what came of the fire
 * @param jobExecutionId the execution started, or the running one that made a
 * {@link ConcurrencyPolicy#FORBID forbid} schedule skip; {@code null} otherwise
 * @param description the log line of the fire
 */
public record ScheduledRunEvent(String schedule, Instant fireTime, Outcome outcome, @Nullable Long jobExecutionId,
		String description) {

	/**
	 * What came of a fire.
	 */
	public enum Outcome {

		/**
		 * A new job instance was started.
		 */
		LAUNCHED,

		/**
		 * The run was skipped because an earlier run is still running (forbid).
		 */
		SKIPPED,

		/**
		 * The job instance of this fire time exists already: another manager started it.
		 */
		ALREADY_LAUNCHED,

		/**
		 * The run could not be started.
		 */
		FAILED

	}

}
