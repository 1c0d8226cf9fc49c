package io.partita.benchmark;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.partita.controlplane.ControlPlane;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.partita.launch.kubernetes.Fabric8WorkerJobClient;
import io.partita.launch.kubernetes.ForwardingWorkerJobClient;
import io.partita.launch.kubernetes.KubernetesMode;
import io.partita.launch.kubernetes.KubernetesWorkerLauncher;
import io.partita.launch.kubernetes.KubernetesWorkerSettings;
import io.partita.launch.kubernetes.WorkerJob;
import io.partita.launch.kubernetes.WorkerJobClient;
import io.partita.launch.kubernetes.WorkerLabels;
import io.partita.partition.PartitionFinishedEvent;
import io.partita.partition.StepExecutionLookup;
import io.partita.partition.WorkerPartitionHandler;
import io.partita.partition.support.JdbcStepExecutionLookup;
import io.partita.test.ManagerSteps;
import io.partita.test.PostgresSchema;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.partition.support.SimpleStepExecutionSplitter;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.dao.DefaultExecutionContextSerializer;
import org.springframework.batch.core.repository.support.JdbcJobRepositoryFactoryBean;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * Measures both Kubernetes modes side by side at scale on the real control plane
 * (kube-apiserver, kube-controller-manager with the real Job controller, etcd): the real
 * manager side ({@link WorkerPartitionHandler}, {@link KubernetesWorkerLauncher},
 * PostgreSQL job repository) in this JVM, every partition launched at once, and a
 * {@link TrivialWorkerNode} in a JVM of its own running each pod as an in-process trivial
 * worker. For 100 and 1,000 partitions, or the sizes of
 * {@code -Dbenchmark.scale.partitions} (such as {@code 100,1000,10000}), in Job mode and
 * indexed mode it prints the manager's API requests by verb (counted by its client),
 * every API request by verb and resource from the apiserver's own
 * {@code apiserver_request_total}, the objects created, the time until every Job is
 * created, completion-detection latency (worker's recorded end → manager handled), the
 * manager's heap after GC and its CPU per partition
 * ({@code -Dbenchmark.scale.modes=indexed} runs one mode only). Sizes that would start
 * after {@code -Dbenchmark.scale.minutes} (default 40) are skipped, and said so.
 */
public final class KubernetesScaleBenchmark {

	private static final String WORKER_STEP = "workerStep";

	private static final Duration RUN_TIMEOUT = Duration.ofMinutes(20);

	private static final Pattern REQUEST_TOTAL = Pattern.compile("^apiserver_request_total\\{(.*)\\} ([0-9.e+]+)$",
			Pattern.MULTILINE);

	private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

	private KubernetesScaleBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		String controllerQps = System.getenv("PARTITA_KCM_API_QPS");
		LoggingSystem.get(KubernetesScaleBenchmark.class.getClassLoader())
			.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.WARN);
		List<Integer> sizes = new ArrayList<>();
		for (String size : System.getProperty("benchmark.scale.partitions", "100,1000").split(",")) {
			sizes.add(Integer.parseInt(size.trim()));
		}
		List<KubernetesMode> modes = new ArrayList<>();
		for (String mode : System.getProperty("benchmark.scale.modes", "job,indexed").split(",")) {
			modes.add(KubernetesMode.valueOf(mode.trim().toUpperCase(java.util.Locale.ROOT)));
		}
		Instant budget = Instant.now().plus(Duration.ofMinutes(Integer.getInteger("benchmark.scale.minutes", 40)));
		Path project = Path.of("").toAbsolutePath();
		List<Figures> results = new ArrayList<>();
		List<String> skipped = new ArrayList<>();
		try (ControlPlane plane = ControlPlane.start(project, project.resolve("target/control-plane-benchmark"))) {
			String namespace = plane.createNamespace("scale-benchmark", null).name();
			String databaseUrl = PostgresSchema.create();
			HikariDataSource dataSource = dataSource(databaseUrl);
			JobRepository jobRepository = jobRepository(dataSource);
			Process node = startNode(plane, namespace, databaseUrl);
			ManagerRequests requests = new ManagerRequests();
			try (KubernetesClient manager = new KubernetesClientBuilder()
				.withConfig(
						new ConfigBuilder(plane.client().getConfiguration()).withRequestRetryBackoffLimit(0).build())
				.withHttpClientBuilderConsumer((builder) -> builder.addOrReplaceInterceptor("count", requests))
				.build()) {
				Benchmark benchmark = new Benchmark(plane.client(), manager, namespace, jobRepository, dataSource,
						requests);
				benchmark.run(KubernetesMode.JOB, 20);
				benchmark.run(KubernetesMode.INDEXED, 20);
				for (int size : sizes) {
					if (Instant.now().isAfter(budget)) {
						skipped.add(Integer.toString(size));
						continue;
					}
					for (KubernetesMode mode : modes) {
						Figures figures = benchmark.run(mode, size);
						results.add(figures);
						figures.print(System.out);
					}
				}
			}
			finally {
				node.destroyForcibly();
				dataSource.close();
			}
			System.out.printf(
					"%nPartita Kubernetes scale benchmark on the real control plane %s, %d cores, "
							+ "kube-controller-manager --kube-api-qps %s: every partition launched at once (%d Job "
							+ "creates and deletes in flight), trivial in-process workers on one node agent (a JVM of "
							+ "its own)%n",
					plane.version(), Runtime.getRuntime().availableProcessors(),
					(controllerQps != null) ? controllerQps : "20 (default)",
					Integer.getInteger("benchmark.scale.concurrent-requests",
							new KubernetesWorkerSettings().getConcurrentRequests()));
			printSummary(results);
			if (!skipped.isEmpty()) {
				System.out.println("  not measured (over the time budget of -Dbenchmark.scale.minutes): "
						+ String.join(", ", skipped) + " partitions");
			}
		}
		System.exit(0);
	}

	private static void printSummary(List<Figures> results) {
		System.out.printf("  %-8s %-8s %10s %10s %12s %12s %10s %10s %12s %12s %12s %10s%n", "mode", "parts",
				"mgr req/p", "Job POSTs", "all Jobs", "launches/s", "detect p50", "detect p95", "watch p95",
				"heap+ MiB", "CPU ms/p", "run s");
		for (Figures figures : results) {
			System.out.printf("  %-8s %-8d %10.3f %10d %10d ms %12s %7.0f ms %7.0f ms %9.1f ms %12.1f %12.2f %10.1f%n",
					figures.mode.name().toLowerCase(), figures.partitions, figures.managerRequestsPerPartition(),
					figures.apiserver.getOrDefault("POST jobs", 0L), figures.allJobsCreated.toMillis(),
					(figures.mode == KubernetesMode.JOB) ? String.format("%.0f", figures.launchesPerSecond()) : "-",
					figures.latency.percentile(50), figures.latency.percentile(95),
					figures.managerLatency.percentile(95), figures.heapGrowth / 1048576.0,
					figures.cpuPerPartition.toNanos() / 1e6, figures.wholeRun.toMillis() / 1e3);
		}
		System.out.println("  targets: Job mode at most 3 manager API requests per partition and at least 100 "
				+ "launches/s; indexed mode 1 create per step (round); manager heap at most 256 MiB at 10,000");
	}

	private static HikariDataSource dataSource(String url) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(url);
		dataSource.setUsername(PostgresSchema.USER);
		dataSource.setPassword(PostgresSchema.PASSWORD);
		dataSource.setMaximumPoolSize(4);
		new ResourceDatabasePopulator(new ClassPathResource("org/springframework/batch/core/schema-postgresql.sql"))
			.execute(dataSource);
		return dataSource;
	}

	private static JobRepository jobRepository(DataSource dataSource) throws Exception {
		JdbcJobRepositoryFactoryBean factory = new JdbcJobRepositoryFactoryBean();
		factory.setDataSource(dataSource);
		factory.setTransactionManager(new JdbcTransactionManager(dataSource));
		factory.setIsolationLevelForCreate("ISOLATION_READ_COMMITTED");
		factory.afterPropertiesSet();
		return factory.getObject();
	}

	private static Process startNode(ControlPlane plane, String namespace, String databaseUrl) throws Exception {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process node = new ProcessBuilder(java, "-Xmx1g",
				"-Dbenchmark.scale.node-threads=" + Integer.getInteger("benchmark.scale.node-threads", 8), "-cp",
				System.getProperty("java.class.path"), TrivialWorkerNode.class.getName(), plane.kubeconfig().toString(),
				namespace, databaseUrl, PostgresSchema.USER, PostgresSchema.PASSWORD)
			.redirectErrorStream(true)
			.start();
		BufferedReader output = new BufferedReader(
				new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
		Path log = Path.of("target/scale-benchmark-node.log");
		Files.createDirectories(log.getParent());
		String line;
		StringBuilder seen = new StringBuilder();
		while ((line = output.readLine()) != null && !line.equals("ready")) {
			seen.append(line).append('\n');
		}
		if (line == null) {
			throw new IllegalStateException("The trivial worker node did not start:\n" + seen);
		}
		Thread drain = new Thread(() -> {
			try (var writer = Files.newBufferedWriter(log)) {
				output.transferTo(writer);
			}
			catch (Exception ex) {
				// the node was stopped
			}
		}, "scale-benchmark-node-log");
		drain.setDaemon(true);
		drain.start();
		return node;
	}

	/**
	 * Counts the manager's own API requests by verb and resource, as its client sends
	 * them.
	 */
	static final class ManagerRequests implements Interceptor {

		private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

		private final AtomicReference<Instant> firstJobCreate = new AtomicReference<>(Instant.EPOCH);

		private final AtomicReference<Instant> lastJobCreate = new AtomicReference<>(Instant.EPOCH);

		@Override
		public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
			String path = request.uri().getPath();
			String query = request.uri().getQuery();
			String resource = path.replaceAll("^/apis?/(batch/)?v1/namespaces/[^/]+/", "").replaceAll("/[^/]+$", "");
			if (path.endsWith("/log")) {
				resource = "pods/log";
			}
			String verb = request.method();
			if (path.equals("/version")) {
				resource = "version";
			}
			else if ("GET".equals(verb) && !path.matches(".*/(jobs|pods)/[^/]+(/log)?$")) {
				verb = (query != null && query.contains("watch=true")) ? "WATCH" : "LIST";
			}
			if ("POST".equals(verb) && path.endsWith("/jobs")) {
				Instant now = Instant.now();
				this.firstJobCreate.compareAndSet(Instant.EPOCH, now);
				this.lastJobCreate.set(now);
			}
			this.counts.computeIfAbsent(verb + " " + resource, (key) -> new LongAdder()).increment();
		}

		Map<String, Long> snapshot() {
			Map<String, Long> snapshot = new TreeMap<>();
			this.counts.forEach((key, count) -> snapshot.put(key, count.sum()));
			return snapshot;
		}

		/**
		 * Forgets the Job creates seen so far.
		 */
		void resetJobCreates() {
			this.firstJobCreate.set(Instant.EPOCH);
		}

		/**
		 * Returns the time from the first Job create sent since the last reset to the
		 * last.
		 */
		Duration jobCreates() {
			return Duration.between(this.firstJobCreate.get(), this.lastJobCreate.get());
		}

		Instant firstJobCreate() {
			return this.firstJobCreate.get();
		}

	}

	/**
	 * A {@link WorkerJobClient} that notes when the launcher's watch first shows each
	 * worker's end: its Job Complete, or its index among the Indexed Job's completed
	 * ones.
	 */
	static final class ReportedEnds extends ForwardingWorkerJobClient {

		private final Map<String, Instant> seen = new ConcurrentHashMap<>();

		private final Map<String, BitSet> seenIndexes = new ConcurrentHashMap<>();

		ReportedEnds(WorkerJobClient delegate) {
			super(delegate);
		}

		Instant seen(String workerName) {
			Instant at = this.seen.get(workerName);
			if (at == null) {
				throw new IllegalStateException("The end of worker " + workerName + " was never seen");
			}
			return at;
		}

		@Override
		public WorkerWatch watch(Map<String, String> labels, WorkerEventHandler handler) {
			return super.watch(labels, new WorkerEventHandler() {

				@Override
				public void jobChanged(Job job) {
					note(job);
					handler.jobChanged(job);
				}

				@Override
				public void jobDeleted(Job job) {
					handler.jobDeleted(job);
				}

				@Override
				public void podChanged(Pod pod) {
					handler.podChanged(pod);
				}

				@Override
				public void podDeleted(Pod pod) {
					handler.podDeleted(pod);
				}

			});
		}

		private void note(Job job) {
			Instant now = Instant.now();
			String name = job.getMetadata().getName();
			if ("Indexed".equals(job.getSpec().getCompletionMode())) {
				String completed = (job.getStatus() != null) ? job.getStatus().getCompletedIndexes() : null;
				if (completed == null || completed.isBlank()) {
					return;
				}
				BitSet indexes = new BitSet();
				for (String range : completed.split(",")) {
					String[] bounds = range.split("-");
					indexes.set(Integer.parseInt(bounds[0]), Integer.parseInt(bounds[bounds.length - 1]) + 1);
				}
				BitSet known = this.seenIndexes.computeIfAbsent(name, (key) -> new BitSet());
				synchronized (known) {
					indexes.andNot(known);
					known.or(indexes);
				}
				for (int index = indexes.nextSetBit(0); index >= 0; index = indexes.nextSetBit(index + 1)) {
					this.seen.put(name + "/" + index, now);
				}
			}
			else if (new WorkerJob(job).isSucceeded()) {
				this.seen.putIfAbsent(name, now);
			}
		}

	}

	/**
	 * Runs one partitioned step per mode and size and gathers its figures.
	 */
	private static final class Benchmark {

		private final KubernetesClient admin;

		private final KubernetesClient manager;

		private final String namespace;

		private final JobRepository jobRepository;

		private final JdbcTemplate jdbc;

		private final StepExecutionLookup lookup;

		private final JdbcTransactionManager transactionManager;

		private final ManagerRequests requests;

		private final AtomicLong runs = new AtomicLong();

		Benchmark(KubernetesClient admin, KubernetesClient manager, String namespace, JobRepository jobRepository,
				DataSource dataSource, ManagerRequests requests) {
			this.admin = admin;
			this.manager = manager;
			this.namespace = namespace;
			this.jobRepository = jobRepository;
			this.jdbc = new JdbcTemplate(dataSource);
			// as the auto-configuration does for a JDBC job repository
			this.lookup = new JdbcStepExecutionLookup(dataSource, "BATCH_", new DefaultExecutionContextSerializer(),
					jobRepository);
			this.transactionManager = new JdbcTransactionManager(dataSource);
			this.requests = requests;
		}

		Figures run(KubernetesMode mode, int partitions) throws Exception {
			JobParameters parameters = new JobParametersBuilder()
				.addString("run", mode + "-" + partitions + "-" + this.runs.incrementAndGet())
				.toJobParameters();
			JobInstance instance = this.jobRepository.createJobInstance("scaleBenchmark", parameters);
			JobExecution jobExecution = this.jobRepository.createJobExecution(instance, parameters,
					new ExecutionContext());
			StepExecution managerStep = this.jobRepository.createStepExecution("managerStep", jobExecution);
			managerStep.setStatus(BatchStatus.STARTED);
			managerStep.setStartTime(LocalDateTime.now());
			this.jobRepository.update(managerStep);

			KubernetesWorkerSettings settings = new KubernetesWorkerSettings();
			settings.setImage(TrivialWorkerNode.IMAGE);
			settings.setMode(mode);
			settings.setLogTailLines(0);
			settings.setConcurrentRequests(
					Integer.getInteger("benchmark.scale.concurrent-requests", settings.getConcurrentRequests()));
			ReportedEnds reported = new ReportedEnds(new Fabric8WorkerJobClient(this.manager, this.namespace));
			KubernetesWorkerLauncher launcher = new KubernetesWorkerLauncher(reported, (step) -> settings,
					"partita-scale-benchmark");
			launcher.setWatchLinger(Duration.ZERO);
			launcher.setConcurrentRequests(settings.getConcurrentRequests());
			List<PartitionFinishedEvent> finishes = Collections.synchronizedList(new ArrayList<>());
			WorkerPartitionHandler handler = new WorkerPartitionHandler(launcher, this.jobRepository, WORKER_STEP);
			handler.setStepExecutionLookup(this.lookup);
			if (Boolean.parseBoolean(System.getProperty("benchmark.scale.transactions", "true"))) {
				handler.setTransactionManager(this.transactionManager);
			}
			handler.setMaxWorkers(partitions);
			handler.setStartupTimeout(null);
			handler.setProgressInterval(Duration.ofHours(1));
			handler.setEventPublisher((event) -> {
				if (event instanceof PartitionFinishedEvent finished) {
					finishes.add(finished);
				}
			});
			SimpleStepExecutionSplitter splitter = new SimpleStepExecutionSplitter(this.jobRepository, WORKER_STEP,
					ManagerSteps.partitioner(partitions));

			Figures figures = new Figures(mode, partitions);
			long heapBefore = heapAfterGc();
			HeapSampler heap = new HeapSampler();
			Map<String, Long> apiserverBefore = apiserverRequests();
			Map<String, Long> managerBefore = this.requests.snapshot();
			long cpuBefore = processCpuNanos();
			this.requests.resetJobCreates();
			Instant started = Instant.now();
			Collection<StepExecution> result;
			try {
				result = handler.handle(splitter, managerStep);
			}
			finally {
				heap.close();
			}
			Instant ended = Instant.now();
			figures.cpuPerPartition = Duration.ofNanos((processCpuNanos() - cpuBefore) / partitions);
			long completed = result.stream().filter((step) -> step.getStatus() == BatchStatus.COMPLETED).count();
			if (completed != partitions) {
				throw new IllegalStateException(mode + " " + partitions + ": only " + completed + " partitions "
						+ "COMPLETED: " + result.stream().map(StepExecution::getExitStatus).limit(5).toList());
			}
			figures.wholeRun = Duration.between(started, ended);
			figures.split = Duration.between(started, this.requests.firstJobCreate());
			figures.allJobsCreated = this.requests.jobCreates();
			figures.heapGrowth = Math.max(0, heap.max() - heapBefore);
			launcher.destroy();
			awaitCleanUp(jobExecution.getId());
			figures.manager = RequestCounts.increase(this.requests.snapshot(), managerBefore);
			figures.apiserver = RequestCounts.increase(apiserverRequests(), apiserverBefore);
			figures.latency = latency(jobExecution.getId(), finishes);
			figures.managerLatency = new Latency(finishes.stream()
				.map((finish) -> Duration.between(reported.seen(finish.workerName()), finish.detectedAt()).toNanos()
						/ 1000)
				.toList());
			figures.launcherLatency = new Latency(finishes.stream()
				.map((finish) -> Duration.between(reported.seen(finish.workerName()), finish.exit().endedAt()).toNanos()
						/ 1000)
				.toList());
			figures.recordingLatency = new Latency(finishes.stream()
				.map((finish) -> Duration.between(finish.exit().endedAt(), finish.detectedAt()).toNanos() / 1000)
				.toList());
			return figures;
		}

		/**
		 * Waits until the Jobs and pods of the run are gone, so the request counts hold
		 * the whole cost of a partition and the next run starts on an empty namespace.
		 */
		private void awaitCleanUp(long jobExecutionId) throws InterruptedException {
			Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
			String id = Long.toString(jobExecutionId);
			while (Instant.now().isBefore(deadline)) {
				boolean jobs = this.admin.batch()
					.v1()
					.jobs()
					.inNamespace(this.namespace)
					.withLabel(WorkerLabels.JOB_EXECUTION_ID, id)
					.list()
					.getItems()
					.isEmpty();
				boolean pods = this.admin.pods()
					.inNamespace(this.namespace)
					.withLabel(WorkerLabels.JOB_EXECUTION_ID, id)
					.list()
					.getItems()
					.isEmpty();
				if (jobs && pods) {
					return;
				}
				Thread.sleep(500);
			}
			throw new IllegalStateException("Jobs or pods of job execution " + id + " still exist after 10 minutes");
		}

		private Latency latency(long jobExecutionId, List<PartitionFinishedEvent> finishes) {
			Map<Long, Instant> ends = new HashMap<>();
			this.jdbc.query("SELECT STEP_EXECUTION_ID, END_TIME FROM BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID = ? "
					+ "AND END_TIME IS NOT NULL", (row) -> {
						ends.put(row.getLong(1),
								row.getTimestamp(2).toLocalDateTime().atZone(ZoneId.systemDefault()).toInstant());
					}, jobExecutionId);
			List<Long> micros = new ArrayList<>();
			for (PartitionFinishedEvent finish : finishes) {
				Instant end = ends.get(finish.stepExecutionId());
				micros.add(Duration.between(end, finish.detectedAt()).toNanos() / 1000);
			}
			return new Latency(micros);
		}

		private Map<String, Long> apiserverRequests() {
			String metrics = this.admin.raw("/metrics");
			Map<String, Long> counts = new TreeMap<>();
			Matcher matcher = REQUEST_TOTAL.matcher(metrics);
			while (matcher.find()) {
				Map<String, String> labels = new HashMap<>();
				Matcher label = LABEL.matcher(matcher.group(1));
				while (label.find()) {
					labels.put(label.group(1), label.group(2));
				}
				String resource = labels.getOrDefault("resource", "");
				if (resource.isEmpty()) {
					continue;
				}
				String subresource = labels.getOrDefault("subresource", "");
				String key = labels.get("verb") + " " + resource + (subresource.isEmpty() ? "" : "/" + subresource);
				counts.merge(key, (long) Double.parseDouble(matcher.group(2)), Long::sum);
			}
			return counts;
		}

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
	 * Takes the heap after a full collection every few seconds while a run goes on: the
	 * largest is the run's peak of live data.
	 */
	private static final class HeapSampler implements AutoCloseable {

		private final AtomicLong max = new AtomicLong();

		private final Thread thread;

		private volatile boolean running = true;

		HeapSampler() {
			this.thread = new Thread(() -> {
				while (this.running) {
					try {
						TimeUnit.SECONDS.sleep(5);
					}
					catch (InterruptedException ex) {
						return;
					}
					System.gc();
					this.max.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
							Math::max);
				}
			}, "heap-sampler");
			this.thread.setDaemon(true);
			this.thread.start();
		}

		long max() {
			return this.max.get();
		}

		@Override
		public void close() {
			this.running = false;
			this.thread.interrupt();
		}

	}

	/**
	 * The figures of one run.
	 */
	private static final class Figures {

		private final KubernetesMode mode;

		private final int partitions;

		private Map<String, Long> manager = Map.of();

		private Map<String, Long> apiserver = Map.of();

		private Duration wholeRun = Duration.ZERO;

		private Duration split = Duration.ZERO;

		private Duration allJobsCreated = Duration.ZERO;

		private Duration cpuPerPartition = Duration.ZERO;

		private long heapGrowth;

		private Latency latency = new Latency(List.of());

		private Latency managerLatency = new Latency(List.of());

		private Latency launcherLatency = new Latency(List.of());

		private Latency recordingLatency = new Latency(List.of());

		Figures(KubernetesMode mode, int partitions) {
			this.mode = mode;
			this.partitions = partitions;
		}

		double managerRequestsPerPartition() {
			return this.manager.values().stream().mapToLong(Long::longValue).sum() / (double) this.partitions;
		}

		double launchesPerSecond() {
			return this.partitions / Math.max(0.001, this.allJobsCreated.toNanos() / 1e9);
		}

		void print(java.io.PrintStream out) {
			out.printf("%n%s mode, %d partitions: whole run %.1f s (split into step executions included)%n",
					this.mode.name().toLowerCase(), this.partitions, this.wholeRun.toMillis() / 1e3);
			out.printf("  manager API requests: %.3f per partition: %s%n", managerRequestsPerPartition(), this.manager);
			out.printf("  apiserver_request_total, every client (manager, Job controller, garbage collector, node "
					+ "agent): %s%n", this.apiserver);
			out.printf("  objects created: %d Jobs, %d pods%n", this.apiserver.getOrDefault("POST jobs", 0L),
					this.apiserver.getOrDefault("POST pods", 0L));
			out.printf(
					"  split into step executions (PostgreSQL) -> first Job create sent: %d ms; first -> last Job "
							+ "create sent: %d ms (%.0f launches/s)%n",
					this.split.toMillis(), this.allJobsCreated.toMillis(), launchesPerSecond());
			out.printf(
					"  completion detection, worker recorded its step -> manager handled: p50 %.0f ms, "
							+ "p95 %.0f ms, max %.0f ms%n",
					this.latency.percentile(50), this.latency.percentile(95), this.latency.percentile(100));
			out.printf(
					"  completion detection, the manager's informer got the Job's final status (Job Complete, or the "
							+ "index in completedIndexes) -> manager handled: p50 %.1f ms, p95 %.1f ms, max %.1f ms%n",
					this.managerLatency.percentile(50), this.managerLatency.percentile(95),
					this.managerLatency.percentile(100));
			out.printf(
					"    of which the launcher (watch -> worker's exit completed): p50 %.1f ms, p95 %.1f ms; the "
							+ "partition handler (exit -> recorded, event published): p50 %.1f ms, p95 %.1f ms%n",
					this.launcherLatency.percentile(50), this.launcherLatency.percentile(95),
					this.recordingLatency.percentile(50), this.recordingLatency.percentile(95));
			out.printf("  manager heap after GC: +%.1f MiB at its peak over the run; CPU per partition %.2f ms%n",
					this.heapGrowth / 1048576.0, this.cpuPerPartition.toNanos() / 1e6);
		}

	}

	/**
	 * Percentiles of latencies in microseconds, in milliseconds.
	 */
	private record Latency(List<Long> micros) {

		double percentile(int percent) {
			if (this.micros.isEmpty()) {
				return Double.NaN;
			}
			List<Long> sorted = new ArrayList<>(this.micros);
			Collections.sort(sorted);
			int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
			return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))) / 1000.0;
		}

	}

}
