package io.partita.controlplane;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import org.jspecify.annotations.Nullable;

/**
 * The pod statuses a kubelet (and, for {@link #unschedulable(String)}, a scheduler)
 * writes at each step of a {@link PodRun}: waiting, running, terminated, evicted.
 */
final class PodStatuses {

	/**
	 * Host and pod IP of every pod on the {@link NodeAgent}'s node.
	 */
	static final String HOST_IP = "127.0.0.1";

	private static final String PENDING = "Pending";

	private PodStatuses() {
	}

	/**
	 * A bound pod whose container has not started: creating, pulling its image or missing
	 * configuration.
	 * @param run the pod
	 * @param reason the waiting reason, such as {@code ErrImagePull} or
	 * {@code CreateContainerConfigError}
	 * @param message the waiting message
	 * @return the status, phase {@code Pending}
	 */
	static PodStatus waiting(PodRun run, String reason, @Nullable String message) {
		ContainerState state = new ContainerStateBuilder().withNewWaiting()
			.withReason(reason)
			.withMessage(message)
			.endWaiting()
			.build();
		return base(run, PENDING).withConditions(conditions(true, false, null))
			.withContainerStatuses(containerStatus(run, state, false))
			.build();
	}

	/**
	 * A pod whose container runs.
	 * @param run the pod, with its process
	 * @return the status, phase {@code Running}, ready
	 */
	static PodStatus running(PodRun run) {
		ContainerProcess process = run.process();
		ContainerState state = new ContainerStateBuilder().withNewRunning()
			.withStartedAt(timestamp((process != null) ? process.startedAt() : Instant.now()))
			.endRunning()
			.build();
		return base(run, "Running").withConditions(conditions(true, true, null))
			.withContainerStatuses(containerStatus(run, state, true))
			.build();
	}

	/**
	 * A pod whose container has ended for good.
	 * @param run the pod, with its {@linkplain PodRun#terminated() terminated} state
	 * @return the status, phase {@code Succeeded} on exit code 0, else {@code Failed}
	 */
	static PodStatus terminated(PodRun run) {
		ContainerStateTerminated terminated = run.terminated();
		boolean succeeded = terminated != null && terminated.getExitCode() == 0;
		return base(run, succeeded ? "Succeeded" : "Failed").withConditions(conditions(false, false, "PodCompleted"))
			.withContainerStatuses(containerStatus(run, new ContainerState(null, terminated, null), false))
			.build();
	}

	/**
	 * A pod the kubelet evicted under node pressure.
	 * @param run the pod, with its terminated state and eviction message
	 * @return the status, phase {@code Failed}, reason {@code Evicted}, with a
	 * {@code DisruptionTarget} condition
	 */
	static PodStatus evicted(PodRun run) {
		List<PodCondition> conditions = new ArrayList<>(conditions(false, false, "PodCompleted"));
		conditions.add(condition("DisruptionTarget", true, "TerminationByKubelet", run.evictionMessage()));
		return base(run, "Failed").withReason("Evicted")
			.withMessage(run.evictionMessage())
			.withConditions(conditions)
			.withContainerStatuses(containerStatus(run, new ContainerState(null, run.terminated(), null), false))
			.build();
	}

	/**
	 * A pod no node can take, as the scheduler reports it.
	 * @param message the scheduler's message
	 * @return the status, phase {@code Pending}, {@code PodScheduled=False}
	 */
	static PodStatus unschedulable(String message) {
		return new PodStatusBuilder().withPhase(PENDING)
			.withConditions(condition("PodScheduled", false, "Unschedulable", message))
			.build();
	}

	/**
	 * The state of a container that ended.
	 * @param run the pod
	 * @param exitCode the exit code
	 * @param reason {@code Completed}, {@code Error}, {@code OOMKilled}, ...
	 * @return the terminated state, finished now
	 */
	static ContainerStateTerminated terminatedState(PodRun run, int exitCode, String reason) {
		ContainerProcess process = run.process();
		Instant now = Instant.now();
		return new ContainerStateTerminatedBuilder().withExitCode(exitCode)
			.withReason(reason)
			.withStartedAt(timestamp((process != null) ? process.startedAt() : now))
			.withFinishedAt(timestamp(now))
			.withContainerID(run.containerId())
			.build();
	}

	static String timestamp(Instant instant) {
		return instant.truncatedTo(ChronoUnit.SECONDS).toString();
	}

	private static PodStatusBuilder base(PodRun run, String phase) {
		Instant started = (run.process() != null) ? run.process().startedAt() : Instant.now();
		return new PodStatusBuilder().withPhase(phase)
			.withHostIP(HOST_IP)
			.addNewHostIP(HOST_IP)
			.withPodIP(HOST_IP)
			.addNewPodIP(HOST_IP)
			.withStartTime(timestamp(started));
	}

	private static List<PodCondition> conditions(boolean sandbox, boolean ready, @Nullable String notReadyReason) {
		String reason = (ready) ? null : (notReadyReason != null) ? notReadyReason : "ContainersNotReady";
		return List.of(condition("PodReadyToStartContainers", sandbox, null, null),
				condition("Initialized", true, null, null), condition("Ready", ready, reason, null),
				condition("ContainersReady", ready, reason, null), condition("PodScheduled", true, null, null));
	}

	private static PodCondition condition(String type, boolean status, @Nullable String reason,
			@Nullable String message) {
		return new PodConditionBuilder().withType(type)
			.withStatus(status ? "True" : "False")
			.withReason(reason)
			.withMessage(message)
			.withLastTransitionTime(timestamp(Instant.now()))
			.build();
	}

	private static ContainerStatus containerStatus(PodRun run, ContainerState state, boolean running) {
		ContainerState lastState = (run.lastTerminated() != null) ? new ContainerState(null, run.lastTerminated(), null)
				: new ContainerState();
		return new ContainerStatusBuilder().withName(run.container().getName())
			.withImage(run.container().getImage())
			.withImageID((run.process() != null) ? "partita://" + run.container().getImage() : "")
			.withContainerID((run.process() != null) ? run.containerId() : null)
			.withReady(running)
			.withStarted(running)
			.withRestartCount(run.restartCount())
			.withState(state)
			.withLastState(lastState)
			.build();
	}

}
