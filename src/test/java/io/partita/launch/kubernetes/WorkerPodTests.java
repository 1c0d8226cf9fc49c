package io.partita.launch.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WorkerPod}.
 */
class WorkerPodTests {

	@Test
	void oomKilledPodNamesOomKilledAndExitCode() {
		WorkerPod pod = new WorkerPod(terminated("Failed", 137, "OOMKilled", null, null).build());
		assertThat(pod.isTerminated()).isTrue();
		assertThat(pod.exitCode()).isEqualTo(137);
		assertThat(pod.terminationDiagnostics()).isEqualTo("OOMKilled, exit code 137 (killed by SIGKILL)");
	}

	@Test
	void failedStepNamesExitCodeMeaning() {
		assertThat(new WorkerPod(terminated("Failed", 1, "Error", null, null).build()).terminationDiagnostics())
			.isEqualTo("exit code 1 (step failed)");
	}

	@Test
	void evictedPodNamesEvictionAndDisruption() {
		Pod pod = terminated("Failed", 137, "Error", "Evicted", "The node was low on resource: memory.").editStatus()
			.addToConditions(new PodConditionBuilder().withType("DisruptionTarget")
				.withStatus("True")
				.withReason("TerminationByKubelet")
				.withMessage("node pressure")
				.build())
			.endStatus()
			.build();
		WorkerPod workerPod = new WorkerPod(pod);
		assertThat(workerPod.isDisrupted()).isTrue();
		assertThat(workerPod.terminationDiagnostics()).isEqualTo("Evicted (The node was low on resource: memory.), "
				+ "DisruptionTarget TerminationByKubelet (node pressure), exit code 137 (killed by SIGKILL)");
	}

	@Test
	void imagePullBackOffIsWaitingReason() {
		assertThat(waiting("ImagePullBackOff", "Back-off pulling image \"x\"").waitingReason())
			.isEqualTo("ImagePullBackOff (Back-off pulling image \"x\")");
		assertThat(waiting("ErrImagePull", null).waitingReason()).isEqualTo("ErrImagePull");
		assertThat(waiting("InvalidImageName", "bad").waitingReason()).isEqualTo("InvalidImageName (bad)");
		assertThat(waiting("CreateContainerConfigError", "secret \"db\" not found").waitingReason())
			.isEqualTo("CreateContainerConfigError (secret \"db\" not found)");
	}

	@Test
	void containerCreatingIsNotWaitingReason() {
		assertThat(waiting("ContainerCreating", null).waitingReason()).isNull();
	}

	@Test
	void unschedulablePodIsWaitingReason() {
		Pod pod = new PodBuilder().withNewMetadata()
			.withName("p")
			.endMetadata()
			.withStatus(new PodStatusBuilder().withPhase("Pending")
				.addToConditions(new PodConditionBuilder().withType("PodScheduled")
					.withStatus("False")
					.withReason("Unschedulable")
					.withMessage("0/3 nodes are available")
					.build())
				.build())
			.build();
		assertThat(new WorkerPod(pod).waitingReason()).isEqualTo("Unschedulable (0/3 nodes are available)");
	}

	@Test
	void runningPodHasStartedButNotTerminated() {
		Pod pod = new PodBuilder().withNewMetadata()
			.withName("p")
			.endMetadata()
			.withStatus(new PodStatusBuilder().withPhase("Running")
				.addToContainerStatuses(new ContainerStatusBuilder().withName("worker")
					.withNewState()
					.withNewRunning()
					.endRunning()
					.endState()
					.build())
				.build())
			.build();
		WorkerPod workerPod = new WorkerPod(pod);
		assertThat(workerPod.isRunning()).isTrue();
		assertThat(workerPod.hasStarted()).isTrue();
		assertThat(workerPod.isTerminated()).isFalse();
		assertThat(workerPod.waitingReason()).isNull();
	}

	private static WorkerPod waiting(String reason, String message) {
		return new WorkerPod(new PodBuilder().withNewMetadata()
			.withName("p")
			.endMetadata()
			.withStatus(new PodStatusBuilder().withPhase("Pending")
				.addToContainerStatuses(new ContainerStatusBuilder().withName("worker")
					.withNewState()
					.withNewWaiting(message, reason)
					.endState()
					.build())
				.build())
			.build());
	}

	private static PodBuilder terminated(String phase, int exitCode, String reason, String podReason, String message) {
		return new PodBuilder().withNewMetadata()
			.withName("p")
			.endMetadata()
			.withStatus(new PodStatusBuilder().withPhase(phase)
				.withReason(podReason)
				.withMessage(message)
				.addToContainerStatuses(new ContainerStatusBuilder().withName("worker")
					.withNewState()
					.withNewTerminated()
					.withExitCode(exitCode)
					.withReason(reason)
					.endTerminated()
					.endState()
					.build())
				.build());
	}

}
