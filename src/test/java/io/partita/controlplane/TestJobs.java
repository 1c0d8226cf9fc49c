package io.partita.controlplane;

import java.time.Duration;
import java.util.List;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.jspecify.annotations.Nullable;

import static org.awaitility.Awaitility.await;

/**
 * Builds the batch/v1 Jobs the control plane tests launch — one {@value #CONTAINER}
 * container, labelled so that the {@link NodeAgent} takes their pods,
 * {@code restartPolicy: Never}, {@code backoffLimit: 0} — and waits on them.
 */
final class TestJobs {

	/**
	 * Name of the Jobs' only container.
	 */
	static final String CONTAINER = "worker";

	/**
	 * How long a test waits for the control plane and the agent; generous on a busy
	 * 2-core machine.
	 */
	static final Duration TIMEOUT = Duration.ofSeconds(60);

	private final KubernetesClient client;

	private final String namespace;

	TestJobs(KubernetesClient client, String namespace) {
		this.client = client;
		this.namespace = namespace;
	}

	/**
	 * A Job to complete and create.
	 * @param name the Job's name
	 * @param image the image of its container
	 * @return a builder of the Job
	 */
	static JobBuilder job(String name, String image) {
		return new JobBuilder().withNewMetadata()
			.withName(name)
			.addToLabels(NodeAgent.PARTITA_PODS)
			.endMetadata()
			.withNewSpec()
			.withBackoffLimit(0)
			.withNewTemplate()
			.withNewMetadata()
			.addToLabels(NodeAgent.PARTITA_PODS)
			.endMetadata()
			.withNewSpec()
			.withRestartPolicy("Never")
			.addNewContainer()
			.withName(CONTAINER)
			.withImage(image)
			.endContainer()
			.endSpec()
			.endTemplate()
			.endSpec();
	}

	Job create(JobBuilder job) {
		return this.client.batch().v1().jobs().inNamespace(this.namespace).resource(job.build()).create();
	}

	/**
	 * Waits for a condition of a Job, set by the Job controller.
	 * @param job the Job's name
	 * @param type the condition type, such as {@code Complete} or {@code Failed}
	 * @return the condition, status {@code True}
	 */
	JobCondition awaitCondition(String job, String type) {
		return await().atMost(TIMEOUT)
			.until(() -> condition(job, type),
					(condition) -> condition != null && "True".equals(condition.getStatus()));
	}

	/**
	 * Waits for the one pod of a Job to exist.
	 * @param job the Job's name
	 * @return the pod, as first seen
	 */
	Pod awaitPod(String job) {
		return await().atMost(TIMEOUT).until(() -> pods(job), (pods) -> !pods.isEmpty()).get(0);
	}

	/**
	 * Waits for a pod to reach a phase.
	 * @param pod the pod's name
	 * @param phase such as {@code Running}
	 * @return the pod in that phase
	 */
	Pod awaitPhase(String pod, String phase) {
		return await().atMost(TIMEOUT)
			.until(() -> this.client.pods().inNamespace(this.namespace).withName(pod).get(),
					(current) -> current != null && current.getStatus() != null
							&& phase.equals(current.getStatus().getPhase()));
	}

	List<Pod> pods(String job) {
		return this.client.pods().inNamespace(this.namespace).withLabel("job-name", job).list().getItems();
	}

	private @Nullable JobCondition condition(String job, String type) {
		Job current = this.client.batch().v1().jobs().inNamespace(this.namespace).withName(job).get();
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
