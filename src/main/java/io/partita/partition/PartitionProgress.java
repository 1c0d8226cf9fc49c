package io.partita.partition;

import java.time.Duration;

/**
 * Where the partitions of a step stand, as the manager's periodic progress line tells it:
 * {@code 12/100 done, 4 running, 83 queued, 1 retrying, 0 failed, eta 3m20s}.
 *
 * @param done partitions that have ended for good (completed, failed out of attempts, or
 * stopped)
 * @param running partitions whose worker is alive
 * @param queued partitions waiting for a free slot in the window
 * @param retrying failed partitions waiting to be launched as their next attempt
 * @param failed partitions that failed for good
 * @param elapsed time since the step began to launch partitions
 */
record PartitionProgress(int done, int running, int queued, int retrying, int failed, Duration elapsed) {

	int total() {
		return this.done + this.running + this.queued + this.retrying;
	}

	/**
	 * Returns the time left if the partitions still to end take as long, on average, as
	 * those done did; unknown until one is done.
	 */
	String eta() {
		if (this.done == 0) {
			return "unknown";
		}
		return describe(this.elapsed.multipliedBy(total() - this.done).dividedBy(this.done));
	}

	@Override
	public String toString() {
		return this.done + "/" + total() + " done, " + this.running + " running, " + this.queued + " queued, "
				+ this.retrying + " retrying, " + this.failed + " failed, eta " + eta();
	}

	private static String describe(Duration duration) {
		long seconds = duration.toSeconds();
		if (seconds < 60) {
			return seconds + "s";
		}
		if (seconds < 3600) {
			return (seconds / 60) + "m" + ((seconds % 60 != 0) ? (seconds % 60) + "s" : "");
		}
		return (seconds / 3600) + "h" + ((seconds % 3600) / 60) + "m";
	}

}
