package io.partita.launch.kubernetes;

/**
 * How the {@link KubernetesWorkerLauncher} maps the partitions of a worker step to
 * Kubernetes Jobs.
 */
public enum KubernetesMode {

	/**
	 * One batch/v1 Job per partition and attempt; the manager keeps the window of
	 * workers.
	 */
	JOB,

	/**
	 * One Indexed Job per manager step execution and round of attempts, one index per
	 * partition, with per-index retries and failure policy; the Job's parallelism keeps
	 * the window. Needs Kubernetes 1.33 or later.
	 */
	INDEXED

}
