package io.partita.launch.kubernetes;

/**
 * What a {@link KubernetesWorker} needs to know of the Job it runs in: the Job of its
 * partition, or its own index of an Indexed Job.
 */
interface JobState {

	/**
	 * Whether the outcome is final: the Job has finished, or the index has completed or
	 * failed.
	 */
	boolean isFinished();

	/**
	 * Whether the worker has succeeded or is about to.
	 */
	boolean isSucceeded();

	/**
	 * Whether the worker has failed or is about to; never while Kubernetes may retry it.
	 */
	boolean isFailing();

	/**
	 * Whether the Job is suspended, such as by Kueue until it admits the Job.
	 */
	boolean isSuspended();

	/**
	 * Describes why the worker failed.
	 */
	String failureDiagnostics();

	/**
	 * Whether a failure is final whatever its exit code: Kubernetes gave up on the whole
	 * Indexed Job before this index ran to its end.
	 */
	default boolean isAbandoned() {
		return false;
	}

}
