package io.partita.kubernetes;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.partita.launch.kubernetes.WorkerLabels;

/**
 * Remembers every worker Job and pod of one namespace as the API server last showed it,
 * also after it is deleted, so tests can check objects that the launcher or the garbage
 * collector removed before the job ended; and lists what exists now.
 */
final class WorkerObjects implements AutoCloseable {

	private final KubernetesClient client;

	private final String namespace;

	private final Map<String, Job> jobs = new ConcurrentHashMap<>();

	private final Map<String, Pod> pods = new ConcurrentHashMap<>();

	private final SharedIndexInformer<Job> jobInformer;

	private final SharedIndexInformer<Pod> podInformer;

	WorkerObjects(KubernetesClient client, String namespace) {
		this.client = client;
		this.namespace = namespace;
		this.jobInformer = client.batch()
			.v1()
			.jobs()
			.inNamespace(namespace)
			.withLabel(WorkerLabels.MANAGED_BY, WorkerLabels.MANAGED_BY_VALUE)
			.runnableInformer(0);
		this.jobInformer.addEventHandler(remembering(this.jobs));
		this.podInformer = client.pods()
			.inNamespace(namespace)
			.withLabel(WorkerLabels.MANAGED_BY, WorkerLabels.MANAGED_BY_VALUE)
			.runnableInformer(0);
		this.podInformer.addEventHandler(remembering(this.pods));
		try {
			this.jobInformer.start().toCompletableFuture().get(1, TimeUnit.MINUTES);
			this.podInformer.start().toCompletableFuture().get(1, TimeUnit.MINUTES);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Informers on namespace " + namespace + " did not start", ex);
		}
	}

	/**
	 * Every worker Job of a job execution seen so far, by name.
	 */
	List<Job> jobsSeen(long jobExecutionId) {
		return ofJobExecution(this.jobs, jobExecutionId);
	}

	/**
	 * Every worker pod of a job execution seen so far, by name.
	 */
	List<Pod> podsSeen(long jobExecutionId) {
		return ofJobExecution(this.pods, jobExecutionId);
	}

	/**
	 * The worker Jobs of a job execution that exist now, as the API server lists them.
	 */
	List<Job> jobsNow(long jobExecutionId) {
		return this.client.batch()
			.v1()
			.jobs()
			.inNamespace(this.namespace)
			.withLabel(WorkerLabels.JOB_EXECUTION_ID, Long.toString(jobExecutionId))
			.list()
			.getItems();
	}

	/**
	 * The worker pods of a job execution that exist now, as the API server lists them.
	 */
	List<Pod> podsNow(long jobExecutionId) {
		return this.client.pods()
			.inNamespace(this.namespace)
			.withLabel(WorkerLabels.JOB_EXECUTION_ID, Long.toString(jobExecutionId))
			.list()
			.getItems();
	}

	@Override
	public void close() {
		this.jobInformer.close();
		this.podInformer.close();
	}

	private static <T extends HasMetadata> List<T> ofJobExecution(Map<String, T> objects, long jobExecutionId) {
		String id = Long.toString(jobExecutionId);
		return objects.values()
			.stream()
			.filter((object) -> id.equals(object.getMetadata().getLabels().get(WorkerLabels.JOB_EXECUTION_ID)))
			.sorted(Comparator.comparing((T object) -> object.getMetadata().getName()))
			.toList();
	}

	private static <T extends HasMetadata> ResourceEventHandler<T> remembering(Map<String, T> objects) {
		return new ResourceEventHandler<>() {

			@Override
			public void onAdd(T object) {
				objects.put(object.getMetadata().getName(), object);
			}

			@Override
			public void onUpdate(T previous, T object) {
				objects.put(object.getMetadata().getName(), object);
			}

			@Override
			public void onDelete(T object, boolean finalStateUnknown) {
				objects.put(object.getMetadata().getName(), object);
			}

		};
	}

}
