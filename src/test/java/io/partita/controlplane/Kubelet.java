package io.partita.controlplane;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import org.jspecify.annotations.Nullable;

/**
 * The kubelet half of a {@link NodeAgent}: runs the pods bound to its node as
 * {@link PodProcess}es (or {@link InProcessContainer}s) and reports their status — admit,
 * pull (or fail to), configure, start, restart, terminate on deletion, delete with grace
 * period 0. Each pod's work is done on its thread of the agent's {@link AgentLoop}.
 */
final class Kubelet {

	private static final Duration IMAGE_PULL_BACK_OFF = Duration.ofSeconds(1);

	private static final Duration CONFIG_RETRY = Duration.ofSeconds(2);

	private static final Duration DEFAULT_GRACE_PERIOD = Duration.ofSeconds(30);

	private final NodeApi api;

	private final ImageCommands images;

	private final ContainerEnvironment environment;

	private final Path directory;

	private final AgentLoop loop;

	private final Function<String, @Nullable Pod> pods;

	private final List<Predicate<Pod>> imagePullErrors;

	private final Map<String, PodRun> runs = new ConcurrentHashMap<>();

	/** Runs the containers of in-process images, two at a time. */
	private final ExecutorService inProcess = Executors.newFixedThreadPool(2, (task) -> {
		Thread thread = new Thread(task, "node-agent-container");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * Creates the kubelet of a node.
	 * @param api the API requests of the node
	 * @param images what to run for each image
	 * @param environment resolves container environments
	 * @param directory where each pod gets a directory
	 * @param loop the agent's loop
	 * @param pods the latest known pod by {@code namespace/name} key, or {@code null}
	 * once gone
	 * @param imagePullErrors pods whose image pull fails whatever their image
	 */
	Kubelet(NodeApi api, ImageCommands images, ContainerEnvironment environment, Path directory, AgentLoop loop,
			Function<String, @Nullable Pod> pods, List<Predicate<Pod>> imagePullErrors) {
		this.api = api;
		this.images = images;
		this.environment = environment;
		this.directory = directory;
		this.loop = loop;
		this.pods = pods;
		this.imagePullErrors = imagePullErrors;
	}

	/**
	 * Brings a pod's containers in line with the pod: starts them, stops them on
	 * deletion, kills them when the pod is gone.
	 * @param key the pod's {@code namespace/name}
	 * @param pod the pod, bound to this node, or {@code null} if it is gone
	 */
	void sync(String key, @Nullable Pod pod) {
		PodRun run = this.runs.get(key);
		if (run != null && (pod == null || !run.uid().equals(pod.getMetadata().getUid()))) {
			// gone (or replaced) without waiting for us, as after a forced deletion
			stop(run);
			run = null;
		}
		if (pod == null) {
			return;
		}
		if (pod.getMetadata().getDeletionTimestamp() != null) {
			delete(pod, run);
		}
		else if (run == null && !isTerminal(pod)) {
			admit(key, pod);
		}
	}

	/**
	 * The run of a pod, also after the pod is gone.
	 * @param key the pod's {@code namespace/name}
	 * @return its latest run here, or {@code null}
	 */
	@Nullable PodRun run(String key) {
		return this.runs.get(key);
	}

	/**
	 * Kills a running container with SIGKILL after marking how its end is to be reported.
	 * @param key the pod's {@code namespace/name}
	 * @param marking marks the run, such as {@code run -> run.killedFor("OOMKilled")}
	 * @throws IllegalStateException if the pod's container is not running here
	 */
	void kill(String key, Consumer<PodRun> marking) {
		PodRun run = this.runs.get(key);
		ContainerProcess process = (run != null) ? run.process() : null;
		if (run == null || process == null || !run.isRunning()) {
			throw new IllegalStateException("No container of pod " + key + " runs on " + this.api.nodeName());
		}
		marking.accept(run);
		process.kill();
	}

	/**
	 * Kills every container, as when the node goes away; reports nothing.
	 */
	void stopAll() {
		this.runs.values().forEach(this::stop);
		this.inProcess.shutdownNow();
	}

	private void admit(String key, Pod pod) {
		if (pod.getSpec().getContainers() == null || pod.getSpec().getContainers().isEmpty()) {
			return;
		}
		PodRun run = new PodRun(pod, this.directory.resolve(pod.getMetadata().getNamespace() + "_"
				+ pod.getMetadata().getName() + "_" + pod.getMetadata().getUid()));
		this.runs.put(key, run);
		try {
			Files.createDirectories(run.directory());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		if (this.imagePullErrors.stream().anyMatch((predicate) -> predicate.test(pod))
				|| !this.images.knows(run.container())) {
			failImagePull(run);
			return;
		}
		if (this.images.inProcessMain(run.container()).isEmpty()) {
			patchStatus(run, PodStatuses.waiting(run, "ContainerCreating", null));
		}
		start(run);
	}

	private void failImagePull(PodRun run) {
		String image = run.container().getImage();
		patchStatus(run, PodStatuses.waiting(run, "ErrImagePull", "rpc error: code = NotFound desc = "
				+ "failed to pull and unpack image \"" + image + "\": " + image + ": not found"));
		run.retryLater(this.loop.schedule(key(run), () -> {
			if (!run.isDeleting()) {
				patchStatus(run, PodStatuses.waiting(run, "ImagePullBackOff",
						"Back-off pulling image \"" + image + "\": ErrImagePull: " + image + ": not found"));
			}
		}, IMAGE_PULL_BACK_OFF));
	}

	private void start(PodRun run) {
		Pod pod = this.pods.apply(run.namespace() + "/" + run.name());
		if (pod == null || run.isDeleting() || run.terminated() != null) {
			return;
		}
		Map<String, String> variables;
		try {
			variables = this.environment.resolve(pod, run.container());
		}
		catch (ContainerConfigException ex) {
			patchStatus(run, PodStatuses.waiting(run, "CreateContainerConfigError", ex.getMessage()));
			run.retryLater(this.loop.schedule(key(run), () -> start(run), CONFIG_RETRY));
			return;
		}
		ToIntFunction<Map<String, String>> main = this.images.inProcessMain(run.container()).orElse(null);
		if (main != null) {
			ContainerProcess container = InProcessContainer.start(main, variables, this.inProcess);
			run.started(container);
			patchStatus(run, PodStatuses.running(run));
			container.exit()
				.thenAccept((exitCode) -> this.loop.execute(key(run), () -> exited(run, container, exitCode)));
			return;
		}
		List<String> command = this.images.commandLine(run.container())
			.orElseThrow()
			.stream()
			.map((argument) -> ContainerEnvironment.expand(argument, variables))
			.toList();
		ContainerProcess process;
		try {
			process = PodProcess.start(command, variables, run.directory(), run.log());
		}
		catch (IOException ex) {
			ContainerStateTerminated failed = PodStatuses.terminatedState(run, 128, "StartError");
			failed.setMessage(ex.getMessage());
			run.terminated(failed);
			patchStatus(run, PodStatuses.terminated(run));
			return;
		}
		run.started(process);
		patchStatus(run, PodStatuses.running(run));
		process.exit().thenAccept((exitCode) -> this.loop.execute(key(run), () -> exited(run, process, exitCode)));
	}

	private void exited(PodRun run, ContainerProcess process, int exitCode) {
		if (run.process() != process || run.terminated() != null) {
			return;
		}
		process.kill(); // whatever the container's main process left behind
		String reason = (run.killReason() != null) ? run.killReason() : (exitCode == 0) ? "Completed" : "Error";
		ContainerStateTerminated state = PodStatuses.terminatedState(run, exitCode, reason);
		if (!run.isDeleting() && run.evictionMessage() == null && restarts(run, exitCode)) {
			run.restarting(state);
			start(run);
			return;
		}
		run.terminated(state);
		patchStatus(run, (run.evictionMessage() != null) ? PodStatuses.evicted(run) : PodStatuses.terminated(run));
		if (run.isDeleting()) {
			this.api.deleteNow(run.namespace(), run.name());
		}
	}

	private boolean restarts(PodRun run, int exitCode) {
		Pod pod = this.pods.apply(run.namespace() + "/" + run.name());
		String policy = (pod != null) ? pod.getSpec().getRestartPolicy() : "Never";
		return "Always".equals(policy) || ("OnFailure".equals(policy) && exitCode != 0);
	}

	private void delete(Pod pod, @Nullable PodRun run) {
		if (run == null) {
			this.api.deleteNow(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
			return;
		}
		if (run.isDeleting()) {
			return;
		}
		run.deleting();
		run.cancelRetry();
		ContainerProcess process = run.process();
		if (process == null || !run.isRunning()) {
			this.api.deleteNow(run.namespace(), run.name());
			return;
		}
		process.terminate();
		Long grace = pod.getMetadata().getDeletionGracePeriodSeconds();
		this.loop.schedule(key(run), () -> {
			if (process.isAlive()) {
				process.kill();
			}
		}, (grace != null) ? Duration.ofSeconds(grace) : DEFAULT_GRACE_PERIOD);
		// exited(...) reports the end and deletes the pod
	}

	private void stop(PodRun run) {
		run.deleting();
		run.cancelRetry();
		ContainerProcess process = run.process();
		if (process != null && process.isAlive()) {
			process.kill();
		}
	}

	private void patchStatus(PodRun run, PodStatus status) {
		this.api.patchStatus(run.namespace(), run.name(), status);
	}

	private static String key(PodRun run) {
		return run.namespace() + "/" + run.name();
	}

	private static boolean isTerminal(Pod pod) {
		String phase = (pod.getStatus() != null) ? pod.getStatus().getPhase() : null;
		return "Succeeded".equals(phase) || "Failed".equals(phase);
	}

}
