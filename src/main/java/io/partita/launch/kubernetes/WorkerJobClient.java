package io.partita.launch.kubernetes;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.VersionInfo;
import org.jspecify.annotations.Nullable;

/**
 * The Kubernetes operations the {@link KubernetesWorkerLauncher} needs, in one namespace:
 * the one place that talks to the API server, so the launcher's policy can be tested with
 * a test double. API failures are thrown as {@link KubernetesClientException}s carrying
 * the HTTP status code.
 */
public interface WorkerJobClient {

	/**
	 * Returns the namespace this client works in.
	 */
	String namespace();

	/**
	 * Creates the given Job and returns it as stored.
	 */
	Job createJob(Job job);

	/**
	 * Returns the Job of the given name, or {@code null} when there is none.
	 */
	@Nullable Job getJob(String name);

	/**
	 * Deletes the Job of the given name, letting Kubernetes delete its pods in the
	 * background.
	 * @return whether there was such a Job
	 */
	boolean deleteJob(String name);

	/**
	 * Deletes the pod of the given name, with its grace period.
	 * @return whether there was such a pod
	 */
	boolean deletePod(String name);

	/**
	 * Returns the version of the API server.
	 */
	VersionInfo serverVersion();

	/**
	 * Returns the last lines of the log of a pod's container, oldest first.
	 */
	List<String> podLogTail(String podName, String containerName, int lines);

	/**
	 * Returns the container image of the manager's own pod.
	 * @throws IllegalStateException when the manager does not run in a pod it can read
	 */
	String managerImage();

	/**
	 * Starts watching the Jobs and pods that carry the given labels, reporting every
	 * change to the handler, relisting after disconnects, with a slow resync as a safety
	 * net.
	 */
	WorkerWatch watch(Map<String, String> labels, WorkerEventHandler handler);

	/**
	 * Receives changes of watched Jobs and pods, on the watch's own threads.
	 */
	interface WorkerEventHandler {

		void jobChanged(Job job);

		void jobDeleted(Job job);

		void podChanged(Pod pod);

		void podDeleted(Pod pod);

	}

	/**
	 * A running watch of Jobs and pods.
	 */
	interface WorkerWatch extends AutoCloseable {

		/**
		 * Returns a future that completes once the current Jobs and pods have been
		 * listed, or exceptionally with a message naming the fix when they cannot be.
		 */
		CompletableFuture<Void> started();

		/**
		 * Returns the watched Jobs as last seen, without asking the API server.
		 */
		List<Job> jobs();

		/**
		 * Returns the watched pods as last seen, without asking the API server.
		 */
		List<Pod> pods();

		@Override
		void close();

	}

}
