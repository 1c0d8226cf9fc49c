package io.partita.controlplane;

import java.nio.file.Path;
import java.util.concurrent.ScheduledFuture;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.Pod;
import org.jspecify.annotations.Nullable;

/**
 * What the {@link NodeAgent} knows of one pod bound to its node: the container it runs,
 * its process, restarts and how it ended. Touched only on the agent's sync thread.
 */
final class PodRun {

	private final String namespace;

	private final String name;

	private final String uid;

	private final Container container;

	private final Path directory;

	private @Nullable ContainerProcess process;

	private int restartCount;

	private @Nullable ContainerStateTerminated lastTerminated;

	private @Nullable ContainerStateTerminated terminated;

	private boolean deleting;

	private @Nullable String killReason;

	private @Nullable String evictionMessage;

	private @Nullable ScheduledFuture<?> retry;

	PodRun(Pod pod, Path directory) {
		this.namespace = pod.getMetadata().getNamespace();
		this.name = pod.getMetadata().getName();
		this.uid = pod.getMetadata().getUid();
		this.container = pod.getSpec().getContainers().get(0);
		this.directory = directory;
	}

	String namespace() {
		return this.namespace;
	}

	String name() {
		return this.name;
	}

	String uid() {
		return this.uid;
	}

	Container container() {
		return this.container;
	}

	Path directory() {
		return this.directory;
	}

	Path log() {
		return this.directory.resolve(this.container.getName() + ".log");
	}

	@Nullable ContainerProcess process() {
		return this.process;
	}

	void started(ContainerProcess process) {
		this.process = process;
	}

	boolean isRunning() {
		return this.process != null && this.terminated == null;
	}

	int restartCount() {
		return this.restartCount;
	}

	@Nullable ContainerStateTerminated lastTerminated() {
		return this.lastTerminated;
	}

	void restarting(ContainerStateTerminated previous) {
		this.lastTerminated = previous;
		this.restartCount++;
		this.process = null;
	}

	@Nullable ContainerStateTerminated terminated() {
		return this.terminated;
	}

	void terminated(ContainerStateTerminated terminated) {
		this.terminated = terminated;
	}

	boolean isDeleting() {
		return this.deleting;
	}

	void deleting() {
		this.deleting = true;
	}

	@Nullable String killReason() {
		return this.killReason;
	}

	void killedFor(String reason) {
		this.killReason = reason;
	}

	@Nullable String evictionMessage() {
		return this.evictionMessage;
	}

	void evicted(String message) {
		this.evictionMessage = message;
	}

	void retryLater(ScheduledFuture<?> retry) {
		cancelRetry();
		this.retry = retry;
	}

	void cancelRetry() {
		if (this.retry != null) {
			this.retry.cancel(false);
			this.retry = null;
		}
	}

	String containerId() {
		return "partita://" + ((this.process instanceof PodProcess local) ? local.pid() : this.uid);
	}

}
