package io.partita.launch.kubernetes;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.partita.launch.WorkerRequest;
import io.partita.launch.WorkerRound;
import io.partita.worker.WorkerContract;
import org.jspecify.annotations.Nullable;

/**
 * A worker's Job, answering the questions the launcher asks of it: has it finished, how,
 * and is it waiting to be admitted.
 */
public final class WorkerJob implements JobState {

	private final Job job;

	public WorkerJob(Job job) {
		this.job = job;
	}

	public String name() {
		return this.job.getMetadata().getName();
	}

	/**
	 * Returns the key of the launch this Job belongs to, from its labels.
	 */
	String workerKey() {
		Map<String, String> labels = this.job.getMetadata().getLabels();
		return (labels != null) ? WorkerLabels.workerKey(labels) : "";
	}

	/**
	 * Returns the step execution id label, or {@code null} when the Job has none.
	 */
	public @Nullable String stepExecutionId() {
		Map<String, String> labels = this.job.getMetadata().getLabels();
		return (labels != null) ? labels.get(WorkerLabels.STEP_EXECUTION_ID) : null;
	}

	/**
	 * Returns the contract the Job's worker runs under, from its labels and annotations,
	 * or {@code null} when they do not name one (not a worker Job of this job execution).
	 */
	@Nullable WorkerContract contract(long jobExecutionId) {
		Map<String, String> labels = this.job.getMetadata().getLabels();
		String workerStep = annotation(WorkerLabels.STEP_NAME_ANNOTATION);
		if (labels == null || workerStep == null
				|| !Long.toString(jobExecutionId).equals(labels.get(WorkerLabels.JOB_EXECUTION_ID))) {
			return null;
		}
		try {
			return new WorkerContract(jobExecutionId, Long.parseLong(labels.get(WorkerLabels.STEP_EXECUTION_ID)),
					workerStep, Integer.parseInt(labels.get(WorkerLabels.ATTEMPT)));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/**
	 * Returns the round of partitions of the given job execution this Job runs as an
	 * Indexed Job, from its labels, annotations and the worker container's contract
	 * variables, or {@code null} when it is not one.
	 */
	@Nullable WorkerRound round(long jobExecutionId) {
		Map<String, String> labels = this.job.getMetadata().getLabels();
		String workerStep = annotation(WorkerLabels.STEP_NAME_ANNOTATION);
		String jobName = annotation(WorkerLabels.JOB_NAME_ANNOTATION);
		Container container = WorkerContainers.workerContainer(WorkerContainers.podSpec(this.job));
		if (labels == null || workerStep == null || jobName == null || container == null
				|| !Long.toString(jobExecutionId).equals(labels.get(WorkerLabels.JOB_EXECUTION_ID))
				|| this.job.getSpec() == null || !"Indexed".equals(this.job.getSpec().getCompletionMode())) {
			return null;
		}
		String ids = (container.getEnv() != null) ? container.getEnv()
			.stream()
			.filter((variable) -> WorkerContract.STEP_EXECUTION_IDS.equals(variable.getName()))
			.map(EnvVar::getValue)
			.findFirst()
			.orElse(null) : null;
		try {
			long managerStepExecutionId = Long.parseLong(labels.get(WorkerLabels.MANAGER_STEP_EXECUTION_ID));
			int round = Integer.parseInt(labels.get(WorkerLabels.ROUND));
			int attempt = Integer.parseInt(labels.get(WorkerLabels.ATTEMPT));
			int parallelism = (this.job.getSpec().getParallelism() != null) ? this.job.getSpec().getParallelism() : 1;
			List<WorkerRequest> requests = WorkerContract.parseStepExecutionIds(String.valueOf(ids))
				.stream()
				.map((id) -> new WorkerRequest(jobName, "step execution " + id,
						new WorkerContract(jobExecutionId, id, workerStep, attempt)))
				.toList();
			return new WorkerRound(jobName, managerStepExecutionId, round, Math.max(1, parallelism), requests);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/**
	 * Returns the value of the given annotation, or {@code null}.
	 */
	@Nullable String annotation(String name) {
		Map<String, String> annotations = this.job.getMetadata().getAnnotations();
		return (annotations != null) ? annotations.get(name) : null;
	}

	/**
	 * Whether the Job has its final condition, Complete or Failed: Kubernetes adds these
	 * once its pods have ended.
	 */
	@Override
	public boolean isFinished() {
		return hasCondition("Complete") || hasCondition("Failed");
	}

	/**
	 * Whether the Job has succeeded or is about to: Complete, or SuccessCriteriaMet while
	 * its pods end.
	 */
	@Override
	public boolean isSucceeded() {
		return hasCondition("Complete") || hasCondition("SuccessCriteriaMet");
	}

	/**
	 * Whether the Job has failed or is about to: Failed, or FailureTarget while its pods
	 * end. Never true while the backoff limit allows another pod.
	 */
	@Override
	public boolean isFailing() {
		return hasCondition("Failed") || hasCondition("FailureTarget");
	}

	/**
	 * Whether the Job is suspended, such as by Kueue until it admits the Job.
	 */
	@Override
	public boolean isSuspended() {
		return (this.job.getSpec() != null && Boolean.TRUE.equals(this.job.getSpec().getSuspend()))
				|| hasCondition("Suspended");
	}

	/**
	 * Describes why the Job failed, such as
	 * {@code Job failed: BackoffLimitExceeded (Job has reached the specified
	 * backoff limit)}.
	 */
	@Override
	public String failureDiagnostics() {
		JobCondition failed = condition("Failed");
		if (failed == null) {
			failed = condition("FailureTarget");
		}
		if (failed == null) {
			return "Job failed";
		}
		String reason = (failed.getReason() != null) ? failed.getReason() : "unknown reason";
		return "Job failed: " + WorkerPod.withMessage(reason, failed.getMessage());
	}

	/**
	 * Returns the indexes of an Indexed Job that completed, as the Job controller writes
	 * them ({@code 1,3-5}), or an empty string.
	 */
	String completedIndexes() {
		return (this.job.getStatus() != null && this.job.getStatus().getCompletedIndexes() != null)
				? this.job.getStatus().getCompletedIndexes() : "";
	}

	/**
	 * Returns the indexes of an Indexed Job that failed, in the same form.
	 */
	String failedIndexes() {
		return (this.job.getStatus() != null && this.job.getStatus().getFailedIndexes() != null)
				? this.job.getStatus().getFailedIndexes() : "";
	}

	/**
	 * Whether the Job failed, or is failing, because more indexes failed than its
	 * maxFailedIndexes allows.
	 */
	boolean hasExceededMaxFailedIndexes() {
		JobCondition failed = condition("Failed");
		if (failed == null) {
			failed = condition("FailureTarget");
		}
		return failed != null && "MaxFailedIndexesExceeded".equals(failed.getReason());
	}

	/**
	 * Returns a label of the Job, or {@code null} when it has none.
	 */
	@Nullable String label(String name) {
		Map<String, String> labels = this.job.getMetadata().getLabels();
		return (labels != null) ? labels.get(name) : null;
	}

	private boolean hasCondition(String type) {
		return condition(type) != null;
	}

	private @Nullable JobCondition condition(String type) {
		if (this.job.getStatus() == null || this.job.getStatus().getConditions() == null) {
			return null;
		}
		return this.job.getStatus()
			.getConditions()
			.stream()
			.filter((condition) -> type.equals(condition.getType()) && "True".equals(condition.getStatus()))
			.findFirst()
			.orElse(null);
	}

	@Override
	public String toString() {
		return "Job " + name();
	}

}
