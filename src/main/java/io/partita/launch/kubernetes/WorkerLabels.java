package io.partita.launch.kubernetes;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Labels and annotations that mark the Kubernetes objects of Partita's workers, so a
 * manager finds its workers by label.
 */
public final class WorkerLabels {

	/**
	 * Recommended label naming the tool that manages the object;
	 * {@value #MANAGED_BY_VALUE} on worker Jobs.
	 */
	public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

	/**
	 * Value of {@link #MANAGED_BY} on worker Jobs and pods.
	 */
	public static final String MANAGED_BY_VALUE = "partita";

	/**
	 * Recommended label naming the application.
	 */
	public static final String NAME = "app.kubernetes.io/name";

	/**
	 * Label holding the manager's job execution id.
	 */
	public static final String JOB_EXECUTION_ID = "partita.io/job-execution-id";

	/**
	 * Label holding the step execution id of the worker's partition.
	 */
	public static final String STEP_EXECUTION_ID = "partita.io/step-execution-id";

	/**
	 * Label of an Indexed Job and its pods holding the step execution id of the manager
	 * step whose partitions it runs.
	 */
	public static final String MANAGER_STEP_EXECUTION_ID = "partita.io/manager-step-execution-id";

	/**
	 * Label of an Indexed Job and its pods holding its round within the manager step
	 * execution.
	 */
	public static final String ROUND = "partita.io/round";

	/**
	 * Label the Job controller puts on the pods of an Indexed Job, holding the pod's
	 * index.
	 */
	public static final String COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";

	/**
	 * Label the Job controller puts on a Job's pods, holding the Job's name.
	 */
	public static final String JOB_NAME = "batch.kubernetes.io/job-name";

	/**
	 * Label holding the sanitised name of the worker step.
	 */
	public static final String STEP = "partita.io/step";

	/**
	 * Label holding the attempt number of the partition.
	 */
	public static final String ATTEMPT = "partita.io/attempt";

	/**
	 * Annotation holding the unsanitised job name.
	 */
	public static final String JOB_NAME_ANNOTATION = "partita.io/job-name";

	/**
	 * Annotation holding the unsanitised worker step name.
	 */
	public static final String STEP_NAME_ANNOTATION = "partita.io/step-name";

	/**
	 * Kueue's label naming the local queue a Job is submitted to.
	 */
	public static final String KUEUE_QUEUE_NAME = "kueue.x-k8s.io/queue-name";

	private WorkerLabels() {
	}

	/**
	 * Returns the label selector of every worker object of one job execution.
	 */
	public static Map<String, String> selector(long jobExecutionId) {
		Map<String, String> selector = new LinkedHashMap<>();
		selector.put(MANAGED_BY, MANAGED_BY_VALUE);
		selector.put(JOB_EXECUTION_ID, Long.toString(jobExecutionId));
		return selector;
	}

	/**
	 * Returns the key that ties a Job and its pods to one launch: the step execution id
	 * and attempt labels, or {@code null} when the labels are missing.
	 */
	static String workerKey(Map<String, String> labels) {
		String stepExecutionId = labels.get(STEP_EXECUTION_ID);
		String attempt = labels.get(ATTEMPT);
		return (stepExecutionId != null && attempt != null) ? workerKey(stepExecutionId, attempt) : "";
	}

	static String workerKey(Object stepExecutionId, Object attempt) {
		return stepExecutionId + "/" + attempt;
	}

}
