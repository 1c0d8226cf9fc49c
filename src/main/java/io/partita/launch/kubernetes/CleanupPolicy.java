package io.partita.launch.kubernetes;

/**
 * Which finished worker Jobs the {@link KubernetesWorkerLauncher} deletes once their
 * outcome is recorded. Jobs left behind are still removed by their
 * {@code ttlSecondsAfterFinished}.
 */
public enum CleanupPolicy {

	/**
	 * Delete the Jobs of workers that completed their step; keep failed ones for
	 * inspection.
	 */
	ON_SUCCESS,

	/**
	 * Delete every finished Job.
	 */
	ALWAYS,

	/**
	 * Delete no Job.
	 */
	NEVER;

	/**
	 * Whether a Job whose worker ended this way should be deleted.
	 */
	public boolean deletes(boolean success) {
		return this == ALWAYS || (this == ON_SUCCESS && success);
	}

}
