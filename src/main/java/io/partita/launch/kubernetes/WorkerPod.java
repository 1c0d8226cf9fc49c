package io.partita.launch.kubernetes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.partita.launch.WorkerExit;
import org.jspecify.annotations.Nullable;

/**
 * A worker's pod, answering the questions the launcher asks of it: has it ended, why, and
 * what keeps it from starting.
 */
public final class WorkerPod {

	/**
	 * Pod reasons that the platform, not the worker, ended the pod.
	 */
	private static final Set<String> DISRUPTIONS = Set.of("Evicted", "NodeLost", "Preempting", "Terminated");

	private static final Set<String> STARTING = Set.of("ContainerCreating", "PodInitializing");

	private final Pod pod;

	public WorkerPod(Pod pod) {
		this.pod = pod;
	}

	public String name() {
		return this.pod.getMetadata().getName();
	}

	/**
	 * Returns the key of the launch this pod belongs to, from its labels.
	 */
	String workerKey() {
		Map<String, String> labels = this.pod.getMetadata().getLabels();
		return (labels != null) ? WorkerLabels.workerKey(labels) : "";
	}

	/**
	 * Returns the name of the Job that owns the pod, from the Job controller's label, or
	 * {@code null} when it has none.
	 */
	@Nullable String jobName() {
		Map<String, String> labels = this.pod.getMetadata().getLabels();
		return (labels != null) ? labels.get(WorkerLabels.JOB_NAME) : null;
	}

	/**
	 * Returns the pod's index in its Indexed Job, from the Job controller's label, or -1
	 * when it has none.
	 */
	int completionIndex() {
		Map<String, String> labels = this.pod.getMetadata().getLabels();
		String index = (labels != null) ? labels.get(WorkerLabels.COMPLETION_INDEX) : null;
		try {
			return (index != null) ? Integer.parseInt(index) : -1;
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	/**
	 * Whether the pod has ended: phase Succeeded or Failed.
	 */
	public boolean isTerminated() {
		return "Succeeded".equals(phase()) || "Failed".equals(phase());
	}

	/**
	 * Whether the pod has ended in failure.
	 */
	public boolean isFailed() {
		return "Failed".equals(phase());
	}

	/**
	 * Whether the worker container is running.
	 */
	public boolean isRunning() {
		ContainerStatus status = workerStatus();
		return status != null && status.getState() != null && status.getState().getRunning() != null;
	}

	/**
	 * Whether the worker container has started at some point, so it may have written a
	 * log.
	 */
	public boolean hasStarted() {
		ContainerStatus status = workerStatus();
		if (status == null) {
			return false;
		}
		boolean ran = status.getState() != null
				&& (status.getState().getRunning() != null || status.getState().getTerminated() != null);
		return ran || (status.getLastState() != null && status.getLastState().getTerminated() != null);
	}

	/**
	 * Whether the pod is ended by a disruption (eviction, preemption, node drain or
	 * loss), as its DisruptionTarget condition or its reason says.
	 */
	public boolean isDisrupted() {
		String reason = (this.pod.getStatus() != null) ? this.pod.getStatus().getReason() : null;
		return condition(JobPolicyDecorator.DISRUPTION_TARGET, "True") != null
				|| (reason != null && DISRUPTIONS.contains(reason));
	}

	/**
	 * Returns the name of the worker container.
	 */
	public String containerName() {
		Container container = WorkerContainers.workerContainer(this.pod.getSpec());
		return (container != null) ? container.getName() : WorkerContainers.NAME;
	}

	/**
	 * Returns the exit code of the worker container, or {@code null} while it has not
	 * terminated.
	 */
	public @Nullable Integer exitCode() {
		ContainerStateTerminated terminated = terminated();
		return (terminated != null) ? terminated.getExitCode() : null;
	}

	/**
	 * Returns what keeps the pod from running its worker, such as
	 * {@code ImagePullBackOff (Back-off pulling image "x")} or
	 * {@code Unschedulable (0/3 nodes are available)}, or {@code null} when nothing does.
	 */
	public @Nullable String waitingReason() {
		if (isTerminated()) {
			return null;
		}
		PodCondition scheduled = condition("PodScheduled", "False");
		if (scheduled != null && "Unschedulable".equals(scheduled.getReason())) {
			return withMessage("Unschedulable", scheduled.getMessage());
		}
		ContainerStatus status = workerStatus();
		ContainerStateWaiting waiting = (status != null && status.getState() != null) ? status.getState().getWaiting()
				: null;
		if (waiting != null && waiting.getReason() != null && !STARTING.contains(waiting.getReason())) {
			return withMessage(waiting.getReason(), waiting.getMessage());
		}
		return null;
	}

	/**
	 * Describes how the pod ended, in words: the pod's reason (Evicted,
	 * DeadlineExceeded), a disruption, the container's reason (OOMKilled) and exit code,
	 * and its termination message.
	 */
	public String terminationDiagnostics() {
		List<String> parts = new ArrayList<>();
		PodStatus status = this.pod.getStatus();
		if (status != null && status.getReason() != null) {
			parts.add(withMessage(status.getReason(), status.getMessage()));
		}
		PodCondition disruption = condition(JobPolicyDecorator.DISRUPTION_TARGET, "True");
		if (disruption != null) {
			parts.add(withMessage(JobPolicyDecorator.DISRUPTION_TARGET + " " + disruption.getReason(),
					disruption.getMessage()));
		}
		ContainerStateTerminated terminated = terminated();
		if (terminated != null) {
			String reason = terminated.getReason();
			if (reason != null && !"Error".equals(reason) && !"Completed".equals(reason)) {
				parts.add(reason);
			}
			if (terminated.getExitCode() != null) {
				parts.add(WorkerExit.describeExitCode(terminated.getExitCode()));
			}
			if (terminated.getMessage() != null && !terminated.getMessage().isBlank()) {
				parts.add("message: " + terminated.getMessage().strip().lines().findFirst().orElse(""));
			}
		}
		if (parts.isEmpty()) {
			parts.add("pod " + phase());
		}
		return String.join(", ", parts);
	}

	private @Nullable String phase() {
		return (this.pod.getStatus() != null) ? this.pod.getStatus().getPhase() : null;
	}

	private @Nullable ContainerStateTerminated terminated() {
		ContainerStatus status = workerStatus();
		return (status != null && status.getState() != null) ? status.getState().getTerminated() : null;
	}

	private @Nullable ContainerStatus workerStatus() {
		PodStatus status = this.pod.getStatus();
		if (status == null || status.getContainerStatuses() == null || status.getContainerStatuses().isEmpty()) {
			return null;
		}
		String name = containerName();
		return status.getContainerStatuses()
			.stream()
			.filter((candidate) -> name.equals(candidate.getName()))
			.findFirst()
			.orElse(status.getContainerStatuses().get(0));
	}

	private @Nullable PodCondition condition(String type, String status) {
		if (this.pod.getStatus() == null || this.pod.getStatus().getConditions() == null) {
			return null;
		}
		return this.pod.getStatus()
			.getConditions()
			.stream()
			.filter((condition) -> type.equals(condition.getType()) && status.equals(condition.getStatus()))
			.findFirst()
			.orElse(null);
	}

	static String withMessage(String reason, @Nullable String message) {
		return (message != null && !message.isBlank()) ? reason + " (" + message.strip() + ")" : reason;
	}

	@Override
	public String toString() {
		return "pod " + name();
	}

}
