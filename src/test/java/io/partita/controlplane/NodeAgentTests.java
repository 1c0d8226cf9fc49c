package io.partita.controlplane;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@link NodeAgent} on the real control plane: scheduling, pod status as a kubelet
 * reports it, container environment, image pull errors and its fault hooks.
 */
@ExtendWith(KubernetesControlPlane.class)
class NodeAgentTests {

	private static final Set<String> COMPLETION_INDEXES = ConcurrentHashMap.newKeySet();

	private static final ImageCommands IMAGES = ImageCommands.none()
		.with("partita-test/exit:0", "sh", "-c", "exit 0")
		.with("partita-test/sleep", "sleep", "300")
		.with("partita-test/env", "env")
		.withJavaMain("partita-test/java", EchoArguments.class.getName())
		.withInProcess("partita-test/in-process", (environment) -> {
			COMPLETION_INDEXES.add(environment.get("JOB_COMPLETION_INDEX"));
			return 0;
		});

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
			.keepPendingUnschedulable(Pattern.compile("too-big-.*"))
			.keepPendingWithImagePullError((pod) -> "private".equals(pod.getMetadata().getLabels().get("registry")))
			.start();
	}

	@AfterAll
	static void stopNodeAgent() {
		agent.close();
	}

	@Test
	void indexedJobPodsOfAnInProcessImageGetTheCompletionIndexTheJobControllerInjects() {
		jobs.create(TestJobs.job("indexed", "partita-test/in-process")
			.editSpec()
			.withCompletionMode("Indexed")
			.withCompletions(3)
			.withParallelism(3)
			.endSpec());

		jobs.awaitCondition("indexed", "Complete");

		assertThat(COMPLETION_INDEXES).containsExactlyInAnyOrder("0", "1", "2");
	}

	@Test
	void runningPodIsBoundToTheAgentsNodeAndReportedReady() {
		jobs.create(TestJobs.job("running", "partita-test/sleep"));
		String name = jobs.awaitPod("running").getMetadata().getName();

		Pod pod = jobs.awaitPhase(name, "Running");

		assertThat(client.nodes().withName(NodeAgent.DEFAULT_NODE_NAME).get().getStatus().getConditions()).anySatisfy(
				(condition) -> assertThat(condition.getType() + "=" + condition.getStatus()).isEqualTo("Ready=True"));
		assertThat(pod.getSpec().getNodeName()).isEqualTo(NodeAgent.DEFAULT_NODE_NAME);
		assertThat(pod.getStatus().getHostIP()).isEqualTo("127.0.0.1");
		assertThat(pod.getStatus().getPodIP()).isEqualTo("127.0.0.1");
		assertThat(pod.getStatus().getConditions()).extracting(PodCondition::getType, PodCondition::getStatus)
			.contains(org.assertj.core.groups.Tuple.tuple("PodScheduled", "True"),
					org.assertj.core.groups.Tuple.tuple("Ready", "True"));
		ContainerStatus container = pod.getStatus().getContainerStatuses().get(0);
		assertThat(container.getReady()).isTrue();
		assertThat(container.getState().getRunning().getStartedAt()).isNotEmpty();
		await().atMost(TestJobs.TIMEOUT)
			.until(() -> client.batch()
				.v1()
				.jobs()
				.inNamespace(namespace)
				.withName("running")
				.get()
				.getStatus()
				.getReady(), (ready) -> ready != null && ready == 1);
	}

	@Test
	void containerEnvironmentResolvesSecretKeyRefsAndFieldRefs() {
		client.secrets()
			.inNamespace(namespace)
			.resource(new SecretBuilder().withNewMetadata()
				.withName("database")
				.endMetadata()
				.withStringData(Map.of("password", "s3cret"))
				.build())
			.create();
		jobs.create(TestJobs.job("env", "partita-test/env")
			.editSpec()
			.editTemplate()
			.editSpec()
			.editFirstContainer()
			.addNewEnv()
			.withName("DB_PASSWORD")
			.withNewValueFrom()
			.withNewSecretKeyRef("password", "database", false)
			.endValueFrom()
			.endEnv()
			.addNewEnv()
			.withName("POD_NAMESPACE")
			.withNewValueFrom()
			.withNewFieldRef()
			.withFieldPath("metadata.namespace")
			.endFieldRef()
			.endValueFrom()
			.endEnv()
			.addNewEnv()
			.withName("GREETING")
			.withValue("hello from $(POD_NAMESPACE)")
			.endEnv()
			.endContainer()
			.endSpec()
			.endTemplate()
			.endSpec());

		jobs.awaitCondition("env", "Complete");

		String log = agent.logOf(namespace, jobs.pods("env").get(0).getMetadata().getName());
		assertThat(log).contains("DB_PASSWORD=s3cret", "POD_NAMESPACE=" + namespace,
				"GREETING=hello from " + namespace);
	}

	@Test
	void javaImageRunsItsMainClassWithContainerArgs() {
		jobs.create(TestJobs.job("java", "partita-test/java")
			.editSpec()
			.editTemplate()
			.editSpec()
			.editFirstContainer()
			.withArgs("one", "two")
			.endContainer()
			.endSpec()
			.endTemplate()
			.endSpec());

		jobs.awaitCondition("java", "Complete");

		String pod = jobs.pods("java").get(0).getMetadata().getName();
		assertThat(agent.logOf(namespace, pod)).contains("args=one,two", "hostname=" + pod);
	}

	@Test
	void missingSecretKeyKeepsContainerWaitingWithCreateContainerConfigError() {
		jobs.create(TestJobs.job("no-secret", "partita-test/env")
			.editSpec()
			.editTemplate()
			.editSpec()
			.editFirstContainer()
			.addNewEnv()
			.withName("TOKEN")
			.withNewValueFrom()
			.withNewSecretKeyRef("token", "missing", false)
			.endValueFrom()
			.endEnv()
			.endContainer()
			.endSpec()
			.endTemplate()
			.endSpec());
		String name = jobs.awaitPod("no-secret").getMetadata().getName();

		ContainerStateWaiting waiting = awaitWaiting(name, "CreateContainerConfigError");

		assertThat(waiting.getMessage()).isEqualTo("secret \"missing\" not found");
		assertThat(client.pods().inNamespace(namespace).withName(name).get().getStatus().getPhase())
			.isEqualTo("Pending");
	}

	@Test
	void unknownImageGoesFromErrImagePullToImagePullBackOff() {
		jobs.create(TestJobs.job("unknown-image", "partita-test/no-such-image:1"));
		String name = jobs.awaitPod("unknown-image").getMetadata().getName();

		awaitWaiting(name, "ErrImagePull");
		ContainerStateWaiting backOff = awaitWaiting(name, "ImagePullBackOff");

		assertThat(backOff.getMessage()).contains("partita-test/no-such-image:1");
		assertThat(client.pods().inNamespace(namespace).withName(name).get().getStatus().getPhase())
			.isEqualTo("Pending");
	}

	@Test
	void imagePullErrorHookKeepsKnownImagePending() {
		jobs.create(TestJobs.job("private-image", "partita-test/exit:0")
			.editSpec()
			.editTemplate()
			.editMetadata()
			.addToLabels("registry", "private")
			.endMetadata()
			.endTemplate()
			.endSpec());
		String name = jobs.awaitPod("private-image").getMetadata().getName();

		awaitWaiting(name, "ImagePullBackOff");
	}

	@Test
	void unschedulablePodStaysPendingWithoutNode() {
		jobs.create(TestJobs.job("too-big", "partita-test/exit:0"));
		String name = jobs.awaitPod("too-big").getMetadata().getName();

		PodCondition scheduled = await().atMost(TestJobs.TIMEOUT)
			.until(() -> condition(name, "PodScheduled"), (condition) -> condition != null);

		assertThat(scheduled.getStatus()).isEqualTo("False");
		assertThat(scheduled.getReason()).isEqualTo("Unschedulable");
		assertThat(scheduled.getMessage()).startsWith("0/1 nodes are available");
		Pod pod = client.pods().inNamespace(namespace).withName(name).get();
		assertThat(pod.getSpec().getNodeName()).isNull();
		assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
	}

	@Test
	void killedProcessIsReportedAsErrorWithExitCode137() {
		String name = runningPod("killed");

		agent.killProcess(namespace, name);

		Pod pod = jobs.awaitPhase(name, "Failed");
		assertThat(pod.getStatus().getContainerStatuses().get(0).getState().getTerminated()).satisfies((terminated) -> {
			assertThat(terminated.getExitCode()).isEqualTo(137);
			assertThat(terminated.getReason()).isEqualTo("Error");
		});
		jobs.awaitCondition("killed", "Failed");
	}

	@Test
	void oomKilledProcessIsReportedAsOomKilled() {
		String name = runningPod("oom");

		agent.failAsOomKilled(namespace, name);

		Pod pod = jobs.awaitPhase(name, "Failed");
		assertThat(pod.getStatus().getContainerStatuses().get(0).getState().getTerminated()).satisfies((terminated) -> {
			assertThat(terminated.getExitCode()).isEqualTo(137);
			assertThat(terminated.getReason()).isEqualTo("OOMKilled");
		});
	}

	@Test
	void evictedPodFailsWithReasonEvictedAndDisruptionTarget() {
		String name = runningPod("evicted");

		agent.evict(namespace, name);

		Pod pod = jobs.awaitPhase(name, "Failed");
		assertThat(pod.getStatus().getReason()).isEqualTo("Evicted");
		assertThat(pod.getStatus().getMessage()).isEqualTo(NodeAgent.EVICTION_MESSAGE);
		assertThat(pod.getStatus().getConditions()).anySatisfy((condition) -> {
			assertThat(condition.getType()).isEqualTo("DisruptionTarget");
			assertThat(condition.getStatus()).isEqualTo("True");
			assertThat(condition.getReason()).isEqualTo("TerminationByKubelet");
		});
		assertThat(client.pods().inNamespace(namespace).withName(name).get()).as("evicted pods stay").isNotNull();
	}

	private String runningPod(String job) {
		jobs.create(TestJobs.job(job, "partita-test/sleep"));
		String name = jobs.awaitPod(job).getMetadata().getName();
		jobs.awaitPhase(name, "Running");
		return name;
	}

	private ContainerStateWaiting awaitWaiting(String pod, String reason) {
		return await().atMost(TestJobs.TIMEOUT).until(() -> {
			Pod current = client.pods().inNamespace(namespace).withName(pod).get();
			if (current == null || current.getStatus() == null || current.getStatus().getContainerStatuses() == null
					|| current.getStatus().getContainerStatuses().isEmpty()) {
				return null;
			}
			return current.getStatus().getContainerStatuses().get(0).getState().getWaiting();
		}, (waiting) -> waiting != null && reason.equals(waiting.getReason()));
	}

	private PodCondition condition(String pod, String type) {
		Pod current = client.pods().inNamespace(namespace).withName(pod).get();
		if (current == null || current.getStatus() == null || current.getStatus().getConditions() == null) {
			return null;
		}
		return current.getStatus()
			.getConditions()
			.stream()
			.filter((condition) -> type.equals(condition.getType()))
			.findFirst()
			.orElse(null);
	}

}
