package io.partita.controlplane;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.jspecify.annotations.Nullable;

/**
 * Plays scheduler and kubelet on a real {@link ControlPlane} for the pods a test
 * launches: binds the selected pods to a node of its own, runs each pod's first container
 * as a local process chosen by {@link ImageCommands}, and reports pod status through the
 * status subresource the way a kubelet does — {@code Pending}, {@code Running}, then
 * {@code Succeeded} or {@code Failed} — honouring deletion with SIGTERM, the grace period
 * and SIGKILL. Fault hooks make pods fail the ways real ones do: killed, OOMKilled,
 * evicted, unschedulable, image pull errors.
 * <p>
 * Driven by a pod informer, without polling; each pod's work happens on one
 * {@link AgentLoop} thread, in event order (one thread for all pods unless
 * {@link #threads(int)} says otherwise). Init containers, sidecars, volumes, probes and
 * resource limits are not run or enforced; a container's working directory is a fresh
 * directory per pod, which also holds its log.
 *
 * <pre class="code">
 * ImageCommands images = ImageCommands.none().with("partita-test/exit:0", "sh", "-c", "exit 0");
 * try (NodeAgent agent = new NodeAgent(client, images, logs).namespace(namespace.name()).start()) {
 * 	// create Jobs whose pod template has the label app.kubernetes.io/managed-by=partita
 * }
 * </pre>
 */
public final class NodeAgent implements AutoCloseable {

	/**
	 * Name of the node the agent registers unless told otherwise.
	 */
	public static final String DEFAULT_NODE_NAME = "partita-node-1";

	/**
	 * Labels of the pods the agent takes unless told otherwise: Partita's workers.
	 */
	public static final Map<String, String> PARTITA_PODS = Map.of("app.kubernetes.io/managed-by", "partita");

	/**
	 * Message of the {@code PodScheduled=False} condition of pods the agent keeps
	 * unschedulable.
	 */
	public static final String UNSCHEDULABLE_MESSAGE = "0/1 nodes are available: 1 Insufficient memory. "
			+ "preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.";

	/**
	 * Message of the pods the agent evicts.
	 */
	public static final String EVICTION_MESSAGE = "The node was low on resource: memory. "
			+ "Threshold quantity: 100Mi, available: 64Mi. ";

	private final KubernetesClient client;

	private final ImageCommands images;

	private final Path directory;

	private AgentLoop loop = new AgentLoop();

	private final Set<String> reportedUnschedulable = ConcurrentHashMap.newKeySet();

	private final List<Predicate<Pod>> unschedulable = new CopyOnWriteArrayList<>();

	private final List<Predicate<Pod>> imagePullErrors = new CopyOnWriteArrayList<>();

	private final Map<String, String> environment = new LinkedHashMap<>(Map.of("PATH", System.getenv("PATH")));

	private String nodeName = DEFAULT_NODE_NAME;

	private Map<String, String> selector = PARTITA_PODS;

	private @Nullable String namespace;

	private @Nullable NodeApi api;

	private @Nullable Kubelet kubelet;

	private @Nullable SharedIndexInformer<Pod> informer;

	/**
	 * Creates an agent; {@link #start()} it once configured.
	 * @param client an admin client of the control plane
	 * @param images what to run for each image
	 * @param directory where each pod gets a directory for its log and working files
	 */
	public NodeAgent(KubernetesClient client, ImageCommands images, Path directory) {
		this.client = client;
		this.images = images;
		this.directory = directory.toAbsolutePath();
	}

	/**
	 * Names the node the agent registers and binds pods to.
	 * @param nodeName the node name; default {@value #DEFAULT_NODE_NAME}
	 * @return this agent
	 */
	public NodeAgent nodeName(String nodeName) {
		this.nodeName = nodeName;
		return this;
	}

	/**
	 * Selects the pods the agent takes by label.
	 * @param labels labels a pod must all have; default {@link #PARTITA_PODS}
	 * @return this agent
	 */
	public NodeAgent selector(Map<String, String> labels) {
		this.selector = Map.copyOf(labels);
		return this;
	}

	/**
	 * Limits the agent to one namespace, so that the agents of other test classes leave
	 * its pods alone.
	 * @param namespace the namespace; by default all namespaces
	 * @return this agent
	 */
	public NodeAgent namespace(String namespace) {
		this.namespace = namespace;
		return this;
	}

	/**
	 * Does the work of several pods at once on the given number of threads, each pod's
	 * always on the same thread, in event order; one by default.
	 * @param threads how many threads
	 * @return this agent
	 */
	public NodeAgent threads(int threads) {
		if (this.informer != null) {
			throw new IllegalStateException("NodeAgent already started");
		}
		this.loop.close();
		this.loop = new AgentLoop(threads);
		return this;
	}

	/**
	 * Adds variables every container gets before its own, as an image's {@code ENV} would
	 * give them.
	 * @param variables the variables; {@code PATH} is this JVM's unless set here
	 * @return this agent
	 */
	public NodeAgent environment(Map<String, String> variables) {
		this.environment.putAll(variables);
		return this;
	}

	/**
	 * Keeps the pods that match pending, reported unschedulable as a scheduler would: not
	 * bound, condition {@code PodScheduled=False} with reason {@code Unschedulable} and
	 * {@link #UNSCHEDULABLE_MESSAGE}. Pods whose {@code nodeSelector} the node does not
	 * match are unschedulable too.
	 * @param pods which pods
	 * @return this agent
	 */
	public NodeAgent keepPendingUnschedulable(Predicate<Pod> pods) {
		this.unschedulable.add(pods);
		return this;
	}

	/**
	 * Keeps the pods whose whole name matches a pattern pending and unschedulable.
	 * @param podName the pattern, such as {@code "big-job-.*"}
	 * @return this agent
	 * @see #keepPendingUnschedulable(Predicate)
	 */
	public NodeAgent keepPendingUnschedulable(Pattern podName) {
		return keepPendingUnschedulable(named(podName));
	}

	/**
	 * Fails the image pull of the pods that match, as for an unknown image: the pod is
	 * bound but stays {@code Pending}, its container waiting with reason
	 * {@code ErrImagePull}, then {@code ImagePullBackOff}.
	 * @param pods which pods
	 * @return this agent
	 */
	public NodeAgent keepPendingWithImagePullError(Predicate<Pod> pods) {
		this.imagePullErrors.add(pods);
		return this;
	}

	/**
	 * Fails the image pull of the pods whose whole name matches a pattern.
	 * @param podName the pattern
	 * @return this agent
	 * @see #keepPendingWithImagePullError(Predicate)
	 */
	public NodeAgent keepPendingWithImagePullError(Pattern podName) {
		return keepPendingWithImagePullError(named(podName));
	}

	/**
	 * Registers the node and starts taking pods; returns once the informer has listed the
	 * existing pods.
	 * @return this agent
	 */
	public NodeAgent start() {
		if (this.informer != null) {
			throw new IllegalStateException("NodeAgent already started");
		}
		NodeApi api = new NodeApi(this.client, this.nodeName);
		api.registerNode();
		SharedIndexInformer<Pod> informer = (this.namespace != null)
				? this.client.pods().inNamespace(this.namespace).withLabels(this.selector).runnableInformer(0)
				: this.client.pods().inAnyNamespace().withLabels(this.selector).runnableInformer(0);
		this.api = api;
		this.kubelet = new Kubelet(api, this.images, new ContainerEnvironment(this.client, this.environment),
				this.directory, this.loop, informer.getStore()::getByKey, this.imagePullErrors);
		this.informer = informer;
		informer.addEventHandler(new ResourceEventHandler<Pod>() {

			@Override
			public void onAdd(Pod pod) {
				enqueue(pod);
			}

			@Override
			public void onUpdate(Pod oldPod, Pod newPod) {
				enqueue(newPod);
			}

			@Override
			public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
				enqueue(pod);
			}

		});
		try {
			informer.start().toCompletableFuture().get(1, TimeUnit.MINUTES);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while starting the pod informer", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Pod informer did not start", ex);
		}
		return this;
	}

	/**
	 * The name of the agent's node.
	 * @return the node name
	 */
	public String nodeName() {
		return this.nodeName;
	}

	/**
	 * Kills a pod's container with SIGKILL, as the kernel or a user might: the pod ends
	 * with exit code 137 and reason {@code Error}.
	 * @param namespace the pod's namespace
	 * @param pod the pod's name
	 * @throws IllegalStateException if its container is not running here
	 */
	public void killProcess(String namespace, String pod) {
		kill(namespace, pod, (run) -> {
		});
	}

	/**
	 * The process of a pod's running container, for tests that signal it themselves.
	 * @param namespace the pod's namespace
	 * @param pod the pod's name
	 * @return the process
	 * @throws IllegalStateException if its container is not running here
	 */
	public ProcessHandle containerProcess(String namespace, String pod) {
		return run(namespace, pod).map(PodRun::process)
			.filter(PodProcess.class::isInstance)
			.flatMap((process) -> ProcessHandle.of(((PodProcess) process).pid()))
			.orElseThrow(() -> new IllegalStateException(
					"No container of pod " + namespace + "/" + pod + " runs on node " + nodeName()));
	}

	/**
	 * Kills a pod's container as the kernel's OOM killer would: exit code 137, reason
	 * {@code OOMKilled}.
	 * @param namespace the pod's namespace
	 * @param pod the pod's name
	 * @throws IllegalStateException if its container is not running here
	 */
	public void failAsOomKilled(String namespace, String pod) {
		kill(namespace, pod, (run) -> run.killedFor("OOMKilled"));
	}

	/**
	 * Evicts a pod as a kubelet under memory pressure does: kills its container and marks
	 * the pod {@code Failed} with reason {@code Evicted} and a {@code DisruptionTarget}
	 * condition ({@code TerminationByKubelet}); the pod object stays.
	 * @param namespace the pod's namespace
	 * @param pod the pod's name
	 * @throws IllegalStateException if its container is not running here
	 */
	public void evict(String namespace, String pod) {
		kill(namespace, pod, (run) -> run.evicted(EVICTION_MESSAGE));
	}

	/**
	 * The output (stdout and stderr) of a pod's container so far, also after the pod is
	 * gone. The API server cannot serve {@code pods/log} without a kubelet, so tests read
	 * it here.
	 * @param namespace the pod's namespace
	 * @param pod the pod's name
	 * @return the log, empty if the pod never ran here
	 */
	public String logOf(String namespace, String pod) {
		Optional<Path> log = this.loop.call(namespace + "/" + pod, () -> run(namespace, pod).map(PodRun::log));
		try {
			return (log.isPresent() && Files.exists(log.get())) ? Files.readString(log.get(), StandardCharsets.UTF_8)
					: "";
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * How a pod's container ended for good, as reported in its status, also after the pod
	 * is gone.
	 * @param namespace the pod's namespace
	 * @param pod the pod's name
	 * @return the terminated state, empty while it runs or if it never ran here
	 */
	public Optional<ContainerStateTerminated> terminationOf(String namespace, String pod) {
		return this.loop.call(namespace + "/" + pod, () -> run(namespace, pod).map(PodRun::terminated));
	}

	/**
	 * Stops taking pods and kills every container still running, reporting nothing more:
	 * pod objects stay as they are.
	 */
	@Override
	public void close() {
		if (this.informer != null) {
			this.informer.close();
		}
		this.loop.close(() -> {
			if (this.kubelet != null) {
				this.kubelet.stopAll();
			}
		});
	}

	private void enqueue(Pod pod) {
		String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
		this.loop.execute(key, () -> sync(key));
	}

	private void sync(String key) {
		Pod pod = informer().getStore().getByKey(key);
		String boundTo = (pod != null) ? pod.getSpec().getNodeName() : null;
		if (pod != null && (boundTo == null || boundTo.isEmpty())) {
			schedule(key, pod);
		}
		else if (pod == null || this.nodeName.equals(boundTo)) {
			kubelet().sync(key, pod);
		}
	}

	private void schedule(String key, Pod pod) {
		boolean gated = pod.getSpec().getSchedulingGates() != null && !pod.getSpec().getSchedulingGates().isEmpty();
		if (pod.getMetadata().getDeletionTimestamp() != null || gated) {
			return;
		}
		if (this.unschedulable.stream().anyMatch((predicate) -> predicate.test(pod)) || !fitsNode(pod)) {
			if (this.reportedUnschedulable.add(key)) {
				api().patchStatus(pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
						PodStatuses.unschedulable(UNSCHEDULABLE_MESSAGE));
			}
			return;
		}
		api().bind(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
	}

	private boolean fitsNode(Pod pod) {
		Map<String, String> nodeSelector = pod.getSpec().getNodeSelector();
		Map<String, String> labels = Map.of("kubernetes.io/hostname", this.nodeName, "kubernetes.io/os", "linux");
		return nodeSelector == null || labels.entrySet().containsAll(nodeSelector.entrySet());
	}

	private void kill(String namespace, String pod, Consumer<PodRun> marking) {
		this.loop.call(namespace + "/" + pod, () -> {
			kubelet().kill(namespace + "/" + pod, marking);
			return null;
		});
	}

	private Optional<PodRun> run(String namespace, String pod) {
		return (this.kubelet != null) ? Optional.ofNullable(this.kubelet.run(namespace + "/" + pod)) : Optional.empty();
	}

	private SharedIndexInformer<Pod> informer() {
		return started(this.informer);
	}

	private NodeApi api() {
		return started(this.api);
	}

	private Kubelet kubelet() {
		return started(this.kubelet);
	}

	private static <T> T started(@Nullable T part) {
		if (part == null) {
			throw new IllegalStateException("NodeAgent not started");
		}
		return part;
	}

	private static Predicate<Pod> named(Pattern podName) {
		return (pod) -> podName.matcher(pod.getMetadata().getName()).matches();
	}

}
