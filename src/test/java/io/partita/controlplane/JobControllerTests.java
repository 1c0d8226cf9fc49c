package io.partita.controlplane;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real Job, garbage collector and TTL-after-finished controllers acting on pods that
 * a {@link NodeAgent} runs as local processes.
 */
@ExtendWith(KubernetesControlPlane.class)
class JobControllerTests {

	private static final ImageCommands IMAGES = ImageCommands.none()
		.with("partita-test/exit:0", "sh", "-c", "exit 0")
		.with("partita-test/exit:1", "sh", "-c", "exit 1")
		.with("partita-test/exit:3", "sh", "-c", "exit 3")
		.with("partita-test/sleep", "sleep", "300");

	private static NodeAgent agent;

	private static KubernetesClient client;

	private static String namespace;

	private static TestJobs jobs;

	@BeforeAll
	static void startNodeAgent(ControlPlane controlPlane, TestNamespace testNamespace) {
		client = controlPlane.client();
		namespace = testNamespace.name();
		jobs = new TestJobs(client, namespace);
		agent = new NodeAgent(client, IMAGES, controlPlane.workDirectory().resolve("pods")).namespace(namespace)
			.start();
	}

	@AfterAll
	static void stopNodeAgent() {
		agent.close();
	}

	@Test
	void jobWhosePodExitsZeroCompletes() {
		jobs.create(TestJobs.job("exit-zero", "partita-test/exit:0"));

		jobs.awaitCondition("exit-zero", "Complete");

		Pod pod = jobs.pods("exit-zero").get(0);
		assertThat(pod.getSpec().getNodeName()).isEqualTo(NodeAgent.DEFAULT_NODE_NAME);
		assertThat(pod.getStatus().getPhase()).isEqualTo("Succeeded");
		assertThat(pod.getStatus().getContainerStatuses().get(0).getState().getTerminated().getReason())
			.isEqualTo("Completed");
		assertThat(client.batch()
			.v1()
			.jobs()
			.inNamespace(namespace)
			.withName("exit-zero")
			.get()
			.getStatus()
			.getSucceeded()).isEqualTo(1);
	}

	@Test
	void jobWhosePodExitsOneFailsWithBackoffLimitExceeded() {
		jobs.create(TestJobs.job("exit-one", "partita-test/exit:1"));

		JobCondition failed = jobs.awaitCondition("exit-one", "Failed");

		assertThat(failed.getReason()).isEqualTo("BackoffLimitExceeded");
		Pod pod = jobs.pods("exit-one").get(0);
		assertThat(pod.getStatus().getPhase()).isEqualTo("Failed");
		assertThat(pod.getStatus().getContainerStatuses().get(0).getState().getTerminated().getExitCode()).isEqualTo(1);
	}

	@Test
	void finishedJobIsDeletedAfterItsTtl() {
		jobs.create(
				TestJobs.job("short-lived", "partita-test/exit:0").editSpec().withTtlSecondsAfterFinished(1).endSpec());

		await().atMost(TestJobs.TIMEOUT)
			.until(() -> client.batch().v1().jobs().inNamespace(namespace).withName("short-lived").get() == null);
		await().atMost(TestJobs.TIMEOUT).until(() -> jobs.pods("short-lived").isEmpty());
	}

	@Test
	void backgroundDeletionOfJobStopsItsPodWithSigterm() {
		jobs.create(TestJobs.job("sleeper", "partita-test/sleep"));
		String pod = jobs.awaitPod("sleeper").getMetadata().getName();
		jobs.awaitPhase(pod, "Running");

		client.batch()
			.v1()
			.jobs()
			.inNamespace(namespace)
			.withName("sleeper")
			.withPropagationPolicy(DeletionPropagation.BACKGROUND)
			.delete();

		await().atMost(TestJobs.TIMEOUT).until(() -> jobs.pods("sleeper").isEmpty());
		assertThat(agent.terminationOf(namespace, pod)).hasValueSatisfying((terminated) -> {
			assertThat(terminated.getExitCode()).as("128 + SIGTERM").isEqualTo(143);
			assertThat(terminated.getReason()).isEqualTo("Error");
		});
	}

	@Test
	void podFailurePolicyFailsJobOnExitCodeThree() {
		jobs.create(TestJobs.job("misconfigured", "partita-test/exit:3")
			.editSpec()
			.withBackoffLimit(6)
			.withNewPodFailurePolicy()
			.addNewRule()
			.withAction("FailJob")
			.withNewOnExitCodes()
			.withContainerName(TestJobs.CONTAINER)
			.withOperator("In")
			.withValues(3)
			.endOnExitCodes()
			.endRule()
			.endPodFailurePolicy()
			.endSpec());

		JobCondition failed = jobs.awaitCondition("misconfigured", "Failed");

		assertThat(failed.getReason()).isEqualTo("PodFailurePolicy");
		assertThat(failed.getMessage()).contains("exit code 3");
		assertThat(jobs.pods("misconfigured")).hasSize(1);
	}

}
