package io.partita.benchmark;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.partita.launch.kubernetes.KubernetesWorkerLauncher;
import io.partita.launch.kubernetes.KubernetesWorkerSettings;
import io.partita.launch.kubernetes.WorkerLabels;
import io.partita.partition.PartitionFinishedEvent;
import io.partita.partition.PartitionLaunchedEvent;
import io.partita.partition.WorkerPartitionHandler;
import io.partita.test.InMemoryJobRepository;
import io.partita.test.ManagerSteps;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.partition.support.SimpleStepExecutionSplitter;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;

/**
 * Measures the {@link KubernetesWorkerLauncher} driven by the real manager side — a
 * {@link WorkerPartitionHandler} with a {@link SimpleStepExecutionSplitter} on an H2
 * in-memory job repository — against fabric8's CRUD mock server, with a fake kubelet that
 * records each partition's step execution COMPLETED and completes its Job's pod at once.
 * Prints the figures of the Kubernetes targets: API requests per partition by verb (the
 * manager's own, told apart by the server from the fake kubelet's by user agent), the
 * launch rate, completion-detection latency and manager heap. Three runs: a burst (every
 * partition launched at once), a window of workers (informer churn), and a heap run
 * (every worker alive at once). Run it with {@code ./mvnw -Pbenchmark verify} (arguments:
 * {@code -Dbenchmark.partitions=1000 -Dbenchmark.workers=4}, the window).
 */
public final class KubernetesLauncherBenchmark {

	private static final String MANAGER_AGENT = "partita-benchmark-manager";

	private static final String NAMESPACE = "test";

	private static final String WORKER_STEP = "workerStep";

	private static final Duration RUN_TIMEOUT = Duration.ofSeconds(150);

	// held, so that the level sticks: the mock server logs every request through
	// java.util.logging, and every closed watch as SEVERE
	private static final java.util.logging.Logger MOCK_SERVER_LOGGER = java.util.logging.Logger
		.getLogger("io.fabric8.mockwebserver");

	private KubernetesLauncherBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		LoggingSystem.get(KubernetesLauncherBenchmark.class.getClassLoader())
			.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.WARN);
		MOCK_SERVER_LOGGER.setLevel(java.util.logging.Level.OFF);
		int partitions = Integer.getInteger("benchmark.partitions", 1000);
		int window = Integer.getInteger("benchmark.workers", 4);
		Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
		CountingDispatcher dispatcher = new CountingDispatcher(new KubernetesMixedDispatcher(responses));
		KubernetesMockServer server = new KubernetesMockServer(new Context(Serialization.jsonMapper()),
				new MockWebServer(), responses, dispatcher, false);
		server.init();
		JobRepository jobRepository = InMemoryJobRepository.create();
		try (KubernetesClient kubeletClient = server.createClient();
				KubernetesClient managerClient = new KubernetesClientBuilder()
					.withConfig(new ConfigBuilder(kubeletClient.getConfiguration()).withUserAgent(MANAGER_AGENT)
						.withRequestRetryBackoffLimit(0)
						.build())
					.build();
				FakeKubelet kubelet = new FakeKubelet(kubeletClient, jobRepository)) {
			KubernetesWorkerSettings settings = new KubernetesWorkerSettings();
			settings.setImage("registry.example/partita-benchmark:1");
			KubernetesWorkerLauncher launcher = new KubernetesWorkerLauncher(managerClient, NAMESPACE,
					(step) -> settings, "partita-benchmark");
			Benchmark benchmark = new Benchmark(launcher, jobRepository, dispatcher, kubelet);
			try {
				benchmark.run("warm-up", Math.min(100, partitions), partitions, false);
				Figures burst = benchmark.run("burst", partitions, partitions, false);
				Figures windowed = benchmark.run("window", partitions, window, false);
				Figures heap = benchmark.run("heap", partitions, partitions, true);
				print(partitions, window, burst, windowed, heap, dispatcher.unknownAgents());
			}
			finally {
				launcher.destroy();
			}
		}
		finally {
			server.destroy();
		}
		System.exit(0);
	}

	private static void print(int partitions, int window, Figures burst, Figures windowed, Figures heap,
			int unknownAgents) {
		System.out.printf(
				"%nPartita Kubernetes launcher benchmark: %d partitions, fabric8 CRUD mock server, fake "
						+ "kubelet, real manager side (WorkerPartitionHandler, H2 job repository), %d cores%n",
				partitions, Runtime.getRuntime().availableProcessors());
		burst.print("burst, every partition launched at once (window " + partitions + ")");
		windowed.print("window of " + window + " workers");
		System.out.printf(
				"  heap, %d workers alive at once: Jobs created without completing, %d ms from first launch "
						+ "to last Job created (%.0f launches/s)%n",
				partitions, heap.allCreated.toMillis(), heap.launchesPerSecond());
		System.out.printf(
				"    manager JVM heap after GC: %.1f MiB before, %.1f MiB with every Job created and "
						+ "watched (+%.1f MiB, %.1f KiB per partition; the in-process mock server's copies included)%n",
				heap.heapBefore / 1048576.0, heap.heapLoaded / 1048576.0,
				(heap.heapLoaded - heap.heapBefore) / 1048576.0,
				(heap.heapLoaded - heap.heapBefore) / 1024.0 / partitions);
		System.out.printf("    extrapolated to 10,000 partitions: %.0f MiB (target: at most 256 MiB)%n",
				(heap.heapBefore + (heap.heapLoaded - heap.heapBefore) * 10_000.0 / partitions) / 1048576.0);
		if (unknownAgents > 0) {
			System.out.printf("  (%d requests without the manager's or kubelet's user agent)%n", unknownAgents);
		}
		System.out.printf("  targets: at most 3 API requests per partition: burst %.2f, window %.2f; at least 100 "
				+ "launches/s: %.0f (burst), %.0f (heap run, nothing completes); completion detected within 200 ms p95: launcher %.1f ms, manager %.1f ms "
				+ "(burst), launcher %.1f ms, manager %.1f ms (window)%n", burst.requestsPerPartition(),
				windowed.requestsPerPartition(), burst.launchesPerSecond(), heap.launchesPerSecond(),
				burst.launcherLatency.p95(), burst.managerLatency.p95(), windowed.launcherLatency.p95(),
				windowed.managerLatency.p95());
	}

	private static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	private static long heapAfterGc() {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	/**
	 * Runs partitioned steps through the manager side and gathers their figures.
	 */
	private static final class Benchmark {

		private final KubernetesWorkerLauncher launcher;

		private final JobRepository jobRepository;

		private final CountingDispatcher dispatcher;

		private final FakeKubelet kubelet;

		private Benchmark(KubernetesWorkerLauncher launcher, JobRepository jobRepository, CountingDispatcher dispatcher,
				FakeKubelet kubelet) {
			this.launcher = launcher;
			this.jobRepository = jobRepository;
			this.dispatcher = dispatcher;
			this.kubelet = kubelet;
		}

		Figures run(String name, int partitions, int window, boolean measureHeap) throws Exception {
			JobParameters parameters = new JobParametersBuilder().addString("run", name).toJobParameters();
			JobInstance instance = this.jobRepository.createJobInstance("kubernetesBenchmark", parameters);
			JobExecution jobExecution = this.jobRepository.createJobExecution(instance, parameters,
					new ExecutionContext());
			StepExecution manager = this.jobRepository.createStepExecution("managerStep", jobExecution);
			manager.setStatus(BatchStatus.STARTED);
			manager.setStartTime(LocalDateTime.now());
			this.jobRepository.update(manager);

			Map<Long, PartitionLaunchedEvent> launches = new ConcurrentHashMap<>();
			List<PartitionFinishedEvent> finishes = Collections.synchronizedList(new ArrayList<>());
			WorkerPartitionHandler handler = new WorkerPartitionHandler(this.launcher, this.jobRepository, WORKER_STEP);
			handler.setMaxWorkers(window);
			handler.setProgressInterval(Duration.ofHours(1));
			handler.setEventPublisher((event) -> {
				if (event instanceof PartitionLaunchedEvent launched) {
					launches.put(launched.stepExecutionId(), launched);
				}
				else if (event instanceof PartitionFinishedEvent finished) {
					finishes.add(finished);
				}
			});
			SimpleStepExecutionSplitter splitter = new SimpleStepExecutionSplitter(this.jobRepository, WORKER_STEP,
					ManagerSteps.partitioner(partitions));

			Figures figures = new Figures(partitions);
			if (measureHeap) {
				figures.heapBefore = heapAfterGc();
				this.kubelet.hold();
			}
			Map<String, Long> before = this.dispatcher.snapshot();
			this.dispatcher.startPhase();
			long cpuBefore = processCpuNanos();
			Instant started = Instant.now();
			CompletableFuture<Collection<StepExecution>> handled = CompletableFuture.supplyAsync(() -> {
				try {
					return handler.handle(splitter, manager);
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			});
			if (measureHeap) {
				Instant deadline = Instant.now().plus(RUN_TIMEOUT);
				while (this.kubelet.held() < partitions) {
					if (Instant.now().isAfter(deadline)) {
						throw new IllegalStateException("only " + this.kubelet.held() + " of " + partitions
								+ " Jobs were created within " + RUN_TIMEOUT);
					}
					Thread.sleep(10);
				}
				figures.heapLoaded = heapAfterGc();
				this.kubelet.release();
			}
			Collection<StepExecution> result = handled.get(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			Instant ended = Instant.now();
			figures.cpuPerPartition = Duration.ofNanos((processCpuNanos() - cpuBefore) / partitions);
			this.dispatcher.awaitCount("manager DELETE jobs",
					before.getOrDefault("manager DELETE jobs", 0L) + partitions, Duration.ofSeconds(30));
			long completed = result.stream().filter((step) -> step.getStatus() == BatchStatus.COMPLETED).count();
			if (completed != partitions) {
				throw new IllegalStateException(name + ": only " + completed + " of " + partitions
						+ " partitions COMPLETED: " + result.stream().map(StepExecution::getExitStatus).toList());
			}

			figures.requests = RequestCounts.increase(this.dispatcher.snapshot(), before);
			figures.wholeRun = Duration.between(started, ended);
			Instant firstLaunch = launches.values()
				.stream()
				.map(PartitionLaunchedEvent::launchedAt)
				.min(Instant::compareTo)
				.orElseThrow();
			Instant lastLaunch = launches.values()
				.stream()
				.map(PartitionLaunchedEvent::launchedAt)
				.max(Instant::compareTo)
				.orElseThrow();
			figures.split = Duration.between(started, firstLaunch);
			figures.launchCallsReturned = Duration.between(firstLaunch, lastLaunch);
			figures.allCreated = Duration.between(firstLaunch, this.dispatcher.lastJobCreated());
			List<Long> launcherLatency = new ArrayList<>();
			List<Long> managerLatency = new ArrayList<>();
			for (PartitionFinishedEvent finish : finishes) {
				Instant marked = this.kubelet.completedAt(finish.stepExecutionId());
				launcherLatency.add(Duration.between(marked, finish.exit().endedAt()).toNanos() / 1000);
				managerLatency.add(Duration.between(marked, finish.detectedAt()).toNanos() / 1000);
			}
			figures.launcherLatency = new Latency(launcherLatency);
			figures.managerLatency = new Latency(managerLatency);
			return figures;
		}

	}

	/**
	 * The figures of one run.
	 */
	private static final class Figures {

		private final int partitions;

		private Map<String, Long> requests = Map.of();

		private Duration wholeRun = Duration.ZERO;

		private Duration split = Duration.ZERO;

		private Duration launchCallsReturned = Duration.ZERO;

		private Duration allCreated = Duration.ZERO;

		private Duration cpuPerPartition = Duration.ZERO;

		private Latency launcherLatency = new Latency(List.of());

		private Latency managerLatency = new Latency(List.of());

		private long heapBefore;

		private long heapLoaded;

		private Figures(int partitions) {
			this.partitions = partitions;
		}

		double requestsPerPartition() {
			return requests("manager") / (double) this.partitions;
		}

		double launchesPerSecond() {
			return this.partitions / Math.max(0.001, this.allCreated.toNanos() / 1e9);
		}

		private long requests(String client) {
			return this.requests.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().startsWith(client + " "))
				.mapToLong(Map.Entry::getValue)
				.sum();
		}

		private String byVerb(String client) {
			StringBuilder verbs = new StringBuilder();
			this.requests.forEach((key, count) -> {
				if (key.startsWith(client + " ")) {
					verbs.append((verbs.length() > 0) ? ", " : "")
						.append(key.substring(client.length() + 1))
						.append(' ')
						.append((count % this.partitions == 0) ? String.valueOf(count / this.partitions)
								: String.format("%.3f", count / (double) this.partitions))
						.append(" (")
						.append(count)
						.append(')');
				}
			});
			return verbs.toString();
		}

		void print(String title) {
			System.out.printf("  %s: whole run %.2f s%n", title, this.wholeRun.toNanos() / 1e9);
			System.out.printf("    split into %d step executions (H2)              %8d ms%n", this.partitions,
					this.split.toMillis());
			System.out.printf(
					"    first launch -> last Job created                  %8d ms  (%.0f launches/s; "
							+ "all launch() calls returned after %d ms)%n",
					this.allCreated.toMillis(), launchesPerSecond(), this.launchCallsReturned.toMillis());
			System.out.printf("    CPU per partition, whole JVM (manager, mock server and fake kubelet) %6.1f ms%n",
					this.cpuPerPartition.toNanos() / 1e6);
			System.out.printf("    manager API requests per partition             %8.3f  %s%n", requestsPerPartition(),
					byVerb("manager"));
			System.out.printf("    fake kubelet API requests per partition        %8.3f  %s%n",
					requests("kubelet") / (double) this.partitions, byVerb("kubelet"));
			System.out.printf(
					"    completion detection, Job marked Complete -> launcher's WorkerExit.endedAt  "
							+ "p50 %7.1f ms  p95 %7.1f ms  max %7.1f ms%n",
					this.launcherLatency.p50(), this.launcherLatency.p95(), this.launcherLatency.max());
			System.out.printf(
					"    completion detection, Job marked Complete -> manager's detectedAt          "
							+ "p50 %7.1f ms  p95 %7.1f ms  max %7.1f ms%n",
					this.managerLatency.p50(), this.managerLatency.p95(), this.managerLatency.max());
		}

	}

	/**
	 * Percentiles of latencies in microseconds, printed in milliseconds.
	 */
	private record Latency(List<Long> micros) {

		double p50() {
			return percentile(50);
		}

		double p95() {
			return percentile(95);
		}

		double max() {
			return percentile(100);
		}

		private double percentile(int percentile) {
			if (this.micros.isEmpty()) {
				return Double.NaN;
			}
			List<Long> sorted = this.micros.stream().sorted().toList();
			int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
			return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1))) / 1000.0;
		}

	}

	/**
	 * Hands requests to the mock server's own dispatcher and counts them by client (user
	 * agent), verb and resource.
	 */
	private static final class CountingDispatcher extends Dispatcher {

		private final Dispatcher delegate;

		private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

		private final AtomicReference<Instant> lastJobCreated = new AtomicReference<>(Instant.EPOCH);

		private final AtomicInteger unknownAgents = new AtomicInteger();

		private CountingDispatcher(Dispatcher delegate) {
			this.delegate = delegate;
		}

		@Override
		public MockResponse dispatch(RecordedRequest request) {
			String agent = String.valueOf(request.getHeader("User-Agent"));
			String client = agent.equals(MANAGER_AGENT) ? "manager" : "kubelet";
			if (!client.equals("manager") && !agent.startsWith("fabric8-kubernetes-client")) {
				this.unknownAgents.incrementAndGet();
			}
			String key = client + " " + verb(request);
			this.counts.computeIfAbsent(key, (k) -> new LongAdder()).increment();
			MockResponse response = this.delegate.dispatch(request);
			if (key.equals("manager POST jobs")) {
				Instant now = Instant.now();
				this.lastJobCreated.accumulateAndGet(now, (a, b) -> a.isAfter(b) ? a : b);
			}
			return response;
		}

		private static String verb(RecordedRequest request) {
			String path = request.getPath();
			int query = path.indexOf('?');
			List<String> segments = List.of(((query >= 0) ? path.substring(0, query) : path).split("/"));
			int namespaces = segments.indexOf("namespaces");
			String resource = path;
			boolean collection = false;
			if (namespaces >= 0 && segments.size() > namespaces + 2) {
				resource = segments.get(namespaces + 2);
				collection = segments.size() == namespaces + 3;
				if (segments.size() > namespaces + 4) {
					resource += "/" + segments.get(namespaces + 4);
				}
			}
			String method = request.getMethod();
			if (method.equals("GET") && path.contains("watch=true")) {
				method = "WATCH";
			}
			else if (method.equals("GET") && collection) {
				method = "LIST";
			}
			return method + " " + resource;
		}

		/**
		 * Waits until the count of the given key has reached the given value: the
		 * launcher deletes the Jobs of completed workers after their exit.
		 */
		void awaitCount(String key, long count, Duration timeout) throws InterruptedException {
			Instant deadline = Instant.now().plus(timeout);
			while (snapshot().getOrDefault(key, 0L) < count && Instant.now().isBefore(deadline)) {
				Thread.sleep(10);
			}
		}

		void startPhase() {
			this.lastJobCreated.set(Instant.EPOCH);
		}

		Instant lastJobCreated() {
			return this.lastJobCreated.get();
		}

		Map<String, Long> snapshot() {
			Map<String, Long> snapshot = new TreeMap<>();
			this.counts.forEach((key, count) -> snapshot.put(key, count.sum()));
			return snapshot;
		}

		int unknownAgents() {
			return this.unknownAgents.get();
		}

		@Override
		public void shutdown() {
			this.delegate.shutdown();
		}

	}

	/**
	 * Plays the Job controller and the kubelet of trivial workers: for each new worker
	 * Job it records the partition's step execution COMPLETED, as a worker would, creates
	 * the Job's pod already terminated with exit code 0, and marks the Job Complete; it
	 * deletes the pod of a deleted Job, as the garbage collector would. Can hold new Jobs
	 * until released, so that every worker is alive at once.
	 */
	private static final class FakeKubelet implements AutoCloseable {

		private final KubernetesClient client;

		private final JobRepository jobRepository;

		private final ExecutorService executor = Executors.newFixedThreadPool(4, (task) -> {
			Thread thread = new Thread(task, "fake-kubelet");
			thread.setDaemon(true);
			return thread;
		});

		private final Map<Long, Instant> completedAt = new ConcurrentHashMap<>();

		private final List<Job> held = Collections.synchronizedList(new ArrayList<>());

		private final Watch watch;

		private volatile boolean holding;

		private FakeKubelet(KubernetesClient client, JobRepository jobRepository) {
			this.client = client;
			this.jobRepository = jobRepository;
			this.watch = client.batch()
				.v1()
				.jobs()
				.inNamespace(NAMESPACE)
				.withLabel(WorkerLabels.MANAGED_BY, WorkerLabels.MANAGED_BY_VALUE)
				.watch(new Watcher<>() {

					@Override
					public void eventReceived(Action action, Job job) {
						if (action == Action.ADDED && job.getStatus() == null) {
							if (FakeKubelet.this.holding) {
								FakeKubelet.this.held.add(job);
							}
							else {
								FakeKubelet.this.executor.execute(() -> complete(job));
							}
						}
						else if (action == Action.DELETED) {
							FakeKubelet.this.executor.execute(() -> deletePod(job));
						}
					}

					@Override
					public void onClose(WatcherException cause) {
					}

				});
		}

		void hold() {
			this.holding = true;
		}

		int held() {
			return this.held.size();
		}

		void release() {
			this.holding = false;
			List<Job> jobs;
			synchronized (this.held) {
				jobs = new ArrayList<>(this.held);
				this.held.clear();
			}
			jobs.forEach((job) -> this.executor.execute(() -> complete(job)));
		}

		Instant completedAt(long stepExecutionId) {
			return this.completedAt.get(stepExecutionId);
		}

		private void complete(Job job) {
			try {
				String name = job.getMetadata().getName();
				long stepExecutionId = Long
					.parseLong(job.getMetadata().getLabels().get(WorkerLabels.STEP_EXECUTION_ID));
				StepExecution step = this.jobRepository.getStepExecution(stepExecutionId);
				step.setStatus(BatchStatus.COMPLETED);
				step.setExitStatus(ExitStatus.COMPLETED);
				step.setStartTime(LocalDateTime.now());
				step.setEndTime(LocalDateTime.now());
				this.jobRepository.update(step);
				String now = Instant.now().toString();
				Pod pod = new PodBuilder().withNewMetadata()
					.withName(name + "-p0")
					.withLabels(job.getSpec().getTemplate().getMetadata().getLabels())
					.addToLabels("batch.kubernetes.io/job-name", name)
					.endMetadata()
					.withSpec(job.getSpec().getTemplate().getSpec())
					.withNewStatus()
					.withPhase("Succeeded")
					.addNewContainerStatus()
					.withName(job.getSpec().getTemplate().getSpec().getContainers().get(0).getName())
					.withNewState()
					.withNewTerminated()
					.withExitCode(0)
					.withReason("Completed")
					.withStartedAt(now)
					.withFinishedAt(now)
					.endTerminated()
					.endState()
					.endContainerStatus()
					.endStatus()
					.build();
				this.client.pods().inNamespace(NAMESPACE).resource(pod).create();
				Job complete = new JobBuilder(job).withNewStatus()
					.withSucceeded(1)
					.addNewCondition()
					.withType("SuccessCriteriaMet")
					.withStatus("True")
					.withReason("CompletionsReached")
					.endCondition()
					.addNewCondition()
					.withType("Complete")
					.withStatus("True")
					.withReason("CompletionsReached")
					.endCondition()
					.endStatus()
					.build();
				this.completedAt.put(stepExecutionId, Instant.now());
				this.client.batch().v1().jobs().inNamespace(NAMESPACE).resource(complete).update();
			}
			catch (RuntimeException ex) {
				System.err.println("fake kubelet could not complete Job " + job.getMetadata().getName() + ": " + ex);
			}
		}

		private void deletePod(Job job) {
			try {
				this.client.pods().inNamespace(NAMESPACE).withName(job.getMetadata().getName() + "-p0").delete();
			}
			catch (RuntimeException ex) {
				// the benchmark is ending
			}
		}

		@Override
		public void close() throws InterruptedException {
			this.watch.close();
			this.executor.shutdown();
			this.executor.awaitTermination(10, TimeUnit.SECONDS);
		}

	}

}
