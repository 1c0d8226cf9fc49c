package io.partita.launch.kubernetes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A {@link WorkerJobClient} on a fabric8 {@link KubernetesClient}: Jobs created and
 * deleted through the batch/v1 API, and watched with one {@link SharedIndexInformer} for
 * Jobs and one for pods per label selector.
 */
public class Fabric8WorkerJobClient implements WorkerJobClient {

	private static final Log logger = LogFactory.getLog(Fabric8WorkerJobClient.class);

	private static final Pattern STACK_FRAME = Pattern.compile("\\s+(at |\\.\\.\\. \\d+ (more|common frames))");

	private final KubernetesClient client;

	private final String namespace;

	private final Supplier<@Nullable String> podName;

	private Duration resyncPeriod = Duration.ofMinutes(5);

	/**
	 * A client in the given namespace, finding the manager's own pod by the
	 * {@code HOSTNAME} variable.
	 */
	public Fabric8WorkerJobClient(KubernetesClient client, String namespace) {
		this(client, namespace, () -> System.getenv("HOSTNAME"));
	}

	/**
	 * A client in the given namespace, finding the manager's own pod by the given name.
	 */
	public Fabric8WorkerJobClient(KubernetesClient client, String namespace, Supplier<@Nullable String> podName) {
		Assert.notNull(client, "client must not be null");
		Assert.hasText(namespace, "namespace must not be empty");
		this.client = client;
		this.namespace = namespace;
		this.podName = podName;
	}

	/**
	 * Sets how often the informers replay every watched object, as a safety net for
	 * missed events.
	 */
	public void setResyncPeriod(Duration resyncPeriod) {
		this.resyncPeriod = resyncPeriod;
	}

	@Override
	public String namespace() {
		return this.namespace;
	}

	@Override
	public Job createJob(Job job) {
		return this.client.batch().v1().jobs().inNamespace(this.namespace).resource(job).create();
	}

	@Override
	public @Nullable Job getJob(String name) {
		return this.client.batch().v1().jobs().inNamespace(this.namespace).withName(name).get();
	}

	@Override
	public boolean deleteJob(String name) {
		return !this.client.batch()
			.v1()
			.jobs()
			.inNamespace(this.namespace)
			.withName(name)
			.withPropagationPolicy(DeletionPropagation.BACKGROUND)
			.delete()
			.isEmpty();
	}

	@Override
	public boolean deletePod(String name) {
		return !this.client.pods().inNamespace(this.namespace).withName(name).delete().isEmpty();
	}

	@Override
	public VersionInfo serverVersion() {
		return this.client.getKubernetesVersion();
	}

	@Override
	public List<String> podLogTail(String podName, String containerName, int lines) {
		String log = this.client.pods()
			.inNamespace(this.namespace)
			.withName(podName)
			.inContainer(containerName)
			.tailingLines(lines * 4)
			.getLog();
		List<String> all = new ArrayList<>(Arrays.asList(String.valueOf(log).split("\r?\n")));
		all.removeIf((line) -> line.isBlank() || STACK_FRAME.matcher(line).lookingAt());
		return List.copyOf(all.subList(Math.max(0, all.size() - lines), all.size()));
	}

	@Override
	public String managerImage() {
		String name = this.podName.get();
		String hint = "Set partita.kubernetes.image to the image the workers run.";
		if (name == null || name.isBlank()) {
			throw new IllegalStateException("Cannot tell which image the workers run: partita.kubernetes.image is "
					+ "not set and the manager does not run in a pod (no HOSTNAME variable). " + hint);
		}
		Pod pod;
		try {
			pod = this.client.pods().inNamespace(this.namespace).withName(name).get();
		}
		catch (KubernetesClientException ex) {
			throw new IllegalStateException("Cannot tell which image the workers run: partita.kubernetes.image is "
					+ "not set and reading the manager's own pod failed: "
					+ KubernetesApiFailures.describe(ex, "get", "pods", "", this.namespace) + ". " + hint, ex);
		}
		if (pod == null || pod.getSpec() == null || pod.getSpec().getContainers().isEmpty()) {
			throw new IllegalStateException("Cannot tell which image the workers run: partita.kubernetes.image is "
					+ "not set and the manager does not run in a pod (no pod named '" + name + "' in namespace "
					+ this.namespace + "). " + hint);
		}
		Container container = pod.getSpec().getContainers().get(0);
		return container.getImage();
	}

	@Override
	public WorkerWatch watch(Map<String, String> labels, WorkerEventHandler handler) {
		long resync = this.resyncPeriod.toMillis();
		SharedIndexInformer<Job> jobs = this.client.batch()
			.v1()
			.jobs()
			.inNamespace(this.namespace)
			.withLabels(labels)
			.runnableInformer(resync)
			.itemStore(new LeanItemStore<Job>(LeanItemStore::trimJobTemplate));
		jobs.addEventHandler(eventHandler(handler::jobChanged, handler::jobDeleted));
		jobs.exceptionHandler(Fabric8WorkerJobClient::keepWatching);
		SharedIndexInformer<Pod> pods = this.client.pods()
			.inNamespace(this.namespace)
			.withLabels(labels)
			.runnableInformer(resync)
			.itemStore(new LeanItemStore<Pod>(LeanItemStore::trimPodSpec));
		pods.addEventHandler(eventHandler(handler::podChanged, handler::podDeleted));
		pods.exceptionHandler(Fabric8WorkerJobClient::keepWatching);
		CompletableFuture<Void> started = CompletableFuture.allOf(start(jobs, "jobs", "batch"),
				start(pods, "pods", ""));
		return new Fabric8WorkerWatch(jobs, pods, started);
	}

	/**
	 * fabric8 stops an informer for good on any watch error but 410 Gone; a Partita
	 * informer keeps retrying instead once started, since workers wait on it, and before
	 * its first list only after a failure worth a retry (429, 5xx, a dropped connection).
	 * Any other failure before the first list, such as a 403, ends the launch with its
	 * reason.
	 */
	private static boolean keepWatching(boolean started, Throwable failure) {
		Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		if (started || KubernetesApiFailures.isRetryable(cause)) {
			logger.warn("Watch of worker Jobs or pods failed; retrying: " + cause.getMessage());
			return true;
		}
		return false;
	}

	private CompletableFuture<Void> start(SharedIndexInformer<?> informer, String resource, String apiGroup) {
		CompletableFuture<Void> started = new CompletableFuture<>();
		informer.start().whenComplete((ignored, failure) -> {
			if (failure == null) {
				started.complete(null);
			}
			else {
				Throwable cause = (failure.getCause() != null) ? failure.getCause() : failure;
				started.completeExceptionally(new IllegalStateException(
						KubernetesApiFailures.describe(cause, "list", resource, apiGroup, this.namespace), cause));
			}
		});
		return started;
	}

	private static <T extends HasMetadata> ResourceEventHandler<T> eventHandler(Consumer<T> changed,
			Consumer<T> deleted) {
		return new ResourceEventHandler<>() {

			@Override
			public void onAdd(T object) {
				changed.accept(object);
			}

			@Override
			public void onUpdate(T previous, T object) {
				changed.accept(object);
			}

			@Override
			public void onDelete(T object, boolean finalStateUnknown) {
				deleted.accept(object);
			}

		};
	}

	/**
	 * An informer store that keeps what the launcher reads and drops the rest: the
	 * managed fields of every object, of a pod's spec all but its containers' names, and
	 * of a Job's pod template all but its containers' names and contract variables (an
	 * Indexed Job's round is read from them), and its pod failure policy. Times thousands
	 * of workers, that is most of the manager's heap.
	 */
	private static final class LeanItemStore<T extends HasMetadata> extends BasicItemStore<T> {

		private static final String CONTRACT_PREFIX = "PARTITA_";

		private final Consumer<T> trim;

		LeanItemStore(Consumer<T> trim) {
			super(Cache::metaNamespaceKeyFunc);
			this.trim = trim;
		}

		@Override
		public T put(String key, T object) {
			object.getMetadata().setManagedFields(null);
			this.trim.accept(object);
			return super.put(key, object);
		}

		static void trimJobTemplate(Job job) {
			PodSpec spec = WorkerContainers.podSpec(job);
			if (spec != null && spec.getContainers() != null) {
				job.getSpec()
					.getTemplate()
					.setSpec(new PodSpecBuilder()
						.withContainers(spec.getContainers()
							.stream()
							.map((container) -> new ContainerBuilder().withName(container.getName())
								.withEnv(contractVariables(container.getEnv()))
								.build())
							.toList())
						.build());
			}
			if (job.getSpec() != null) {
				job.getSpec().setPodFailurePolicy(null);
			}
		}

		private static List<EnvVar> contractVariables(@Nullable List<EnvVar> variables) {
			return (variables != null) ? variables.stream()
				.filter((variable) -> variable.getName() != null && variable.getName().startsWith(CONTRACT_PREFIX))
				.toList() : List.of();
		}

		static void trimPodSpec(Pod pod) {
			if (pod.getSpec() != null && pod.getSpec().getContainers() != null) {
				pod.setSpec(new PodSpecBuilder()
					.withContainers(pod.getSpec()
						.getContainers()
						.stream()
						.map((container) -> new ContainerBuilder().withName(container.getName()).build())
						.toList())
					.build());
			}
		}

	}

	private record Fabric8WorkerWatch(SharedIndexInformer<Job> jobInformer, SharedIndexInformer<Pod> podInformer,
			CompletableFuture<Void> started) implements WorkerWatch {

		@Override
		public List<Job> jobs() {
			return this.jobInformer.getStore().list();
		}

		@Override
		public List<Pod> pods() {
			return this.podInformer.getStore().list();
		}

		@Override
		public void close() {
			this.jobInformer.close();
			this.podInformer.close();
		}

	}

}
