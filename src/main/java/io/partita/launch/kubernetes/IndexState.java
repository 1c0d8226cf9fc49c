package io.partita.launch.kubernetes;

/**
 * One index of an Indexed Job, as its worker sees it: completed or failed by the Job's
 * {@code completedIndexes} and {@code failedIndexes}, otherwise ended with the Job.
 *
 * @param job the Indexed Job
 * @param index the index
 * @param completed whether the index is among the Job's completed indexes
 * @param failed whether the index is among the Job's failed indexes
 */
record IndexState(WorkerJob job, int index, boolean completed, boolean failed) implements JobState {

	@Override
	public boolean isFinished() {
		return this.completed || this.failed || this.job.isFinished();
	}

	@Override
	public boolean isSucceeded() {
		return this.completed;
	}

	@Override
	public boolean isFailing() {
		return this.failed || (!this.completed && this.job.isFailing());
	}

	@Override
	public boolean isSuspended() {
		return this.job.isSuspended();
	}

	@Override
	public String failureDiagnostics() {
		if (this.failed) {
			return "index " + this.index + " of Indexed Job " + this.job.name() + " failed";
		}
		return "index " + this.index + " did not finish: " + this.job.failureDiagnostics();
	}

	@Override
	public boolean isAbandoned() {
		return !this.completed && !this.failed && this.job.hasExceededMaxFailedIndexes();
	}

}
