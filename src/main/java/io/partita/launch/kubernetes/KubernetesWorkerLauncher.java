package io.partita.launch.kubernetes;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.partita.launch.LiveWorker;
import io.fabric8.kubernetes.client.VersionInfo;
import io.partita.launch.Worker;
import io.partita.launch.WorkerExit;
import io.partita.launch.WorkerLauncher;
import io.partita.launch.WorkerRequest;
import io.partita.launch.WorkerRound;
import io.partita.worker.WorkerContract;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.Assert;

/**
 * A {@link WorkerLauncher} that runs each worker as a batch/v1 Job built by a
 * {@link WorkerJobFactory}, and learns of its end from informers on the Jobs and pods of
 * its job execution. Launches return at once: Jobs are created on a small executor, with
 * retries of 429 and 5xx responses, and every failure ends the worker with a reason that
 * names the fix. A 409 Conflict adopts the existing Job of the same partition, so a
 * restarted manager does not start a partition twice.
 * <p>
 * Jobs still running when the launcher is disposed are left alone, so a restarted manager
 * can find them by label.
 */
public class KubernetesWorkerLauncher implements WorkerLauncher, DisposableBean {

	private static final Log logger = LogFactory.getLog(KubernetesWorkerLauncher.class);

	private static final int END_THREADS = 2;

	/**
	 * The first minor version of Kubernetes 1 with backoffLimitPerIndex, maxFailedIndexes
	 * and FailIndex generally available.
	 */
	private static final int MIN_INDEXED_MINOR = 33;

	private final WorkerJobClient client;

	private final Function<String, KubernetesWorkerSettings> settings;

	private final String applicationName;

	private final Map<Long, JobExecutionWorkers> jobExecutions = new HashMap<>();

	/**
	 * Sends Job creates and deletes, deletes first: a delete frees room in the cluster, a
	 * create takes some.
	 */
	private final ThreadPoolExecutor executor;

	private final AtomicLong sequence = new AtomicLong();

	/**
	 * Ends workers (log tail) apart from the creates and deletes, so that neither a burst
	 * of launches nor the cleanup of ended Jobs delays the detection of ends.
	 */
	private final ExecutorService endings;

	private final KubernetesWorker.Actions actions = new WorkerActions();

	private final IndexedRound.Actions roundActions = new RoundActions();

	/**
	 * Why the API server cannot run Indexed Jobs: empty when it can, null until asked.
	 */
	private volatile @Nullable String indexedUnsupported;

	private WorkerJobFactory jobFactory = new WorkerJobFactory();

	private RetryTemplate retryTemplate = new RetryTemplate(defaultRetryPolicy());

	private Duration watchStartTimeout = Duration.ofSeconds(30);

	private Duration watchLinger = Duration.ofSeconds(10);

	private volatile @Nullable String managerImage;

	/**
	 * A launcher that creates worker Jobs with the given fabric8 client in the given
	 * namespace.
	 * @param client the Kubernetes client
	 * @param namespace the namespace of the worker Jobs
	 * @param settings the effective settings of each worker step, by worker step name
	 * @param applicationName the name of the application, for the
	 * {@code app.kubernetes.io/name} label
	 */
	public KubernetesWorkerLauncher(KubernetesClient client, String namespace,
			Function<String, KubernetesWorkerSettings> settings, String applicationName) {
		this(new Fabric8WorkerJobClient(client, namespace), settings, applicationName);
	}

	/**
	 * A launcher that creates worker Jobs with the given client.
	 * @param client the Kubernetes operations
	 * @param settings the effective settings of each worker step, by worker step name
	 * @param applicationName the name of the application, for the
	 * {@code app.kubernetes.io/name} label
	 */
	public KubernetesWorkerLauncher(WorkerJobClient client, Function<String, KubernetesWorkerSettings> settings,
			String applicationName) {
		Assert.notNull(client, "client must not be null");
		Assert.notNull(settings, "settings must not be null");
		Assert.hasText(applicationName, "applicationName must not be empty");
		this.client = client;
		this.settings = settings;
		this.applicationName = applicationName;
		CustomizableThreadFactory threads = new CustomizableThreadFactory("partita-kubernetes-");
		threads.setDaemon(true);
		int concurrentRequests = new KubernetesWorkerSettings().getConcurrentRequests();
		this.executor = new ThreadPoolExecutor(concurrentRequests, concurrentRequests, 0, TimeUnit.MILLISECONDS,
				new PriorityBlockingQueue<>(), threads);
		CustomizableThreadFactory endingThreads = new CustomizableThreadFactory("partita-kubernetes-end-");
		endingThreads.setDaemon(true);
		this.endings = Executors.newFixedThreadPool(END_THREADS, endingThreads);
	}

	/**
	 * Returns the retry policy of API requests by default: up to 5 retries of 429, 5xx
	 * and connection failures, 200 ms apart at first, doubling up to 5 s.
	 */
	public static RetryPolicy defaultRetryPolicy() {
		return RetryPolicy.builder()
			.predicate(KubernetesApiFailures::isRetryable)
			.maxRetries(5)
			.delay(Duration.ofMillis(200))
			.multiplier(2)
			.maxDelay(Duration.ofSeconds(5))
			.build();
	}

	/**
	 * Sets the factory that builds the worker Jobs.
	 */
	public void setJobFactory(WorkerJobFactory jobFactory) {
		Assert.notNull(jobFactory, "jobFactory must not be null");
		this.jobFactory = jobFactory;
	}

	/**
	 * Sets the retry policy of API requests.
	 */
	public void setRetryPolicy(RetryPolicy retryPolicy) {
		Assert.notNull(retryPolicy, "retryPolicy must not be null");
		this.retryTemplate = new RetryTemplate(retryPolicy);
	}

	/**
	 * Sets how many Job creates and deletes are sent to the API server at once; the
	 * others queue, deletes first.
	 */
	public void setConcurrentRequests(int concurrentRequests) {
		Assert.isTrue(concurrentRequests > 0, "concurrentRequests must be at least 1");
		if (concurrentRequests > this.executor.getMaximumPoolSize()) {
			this.executor.setMaximumPoolSize(concurrentRequests);
			this.executor.setCorePoolSize(concurrentRequests);
		}
		else {
			this.executor.setCorePoolSize(concurrentRequests);
			this.executor.setMaximumPoolSize(concurrentRequests);
		}
	}

	/**
	 * Sets how long the informers of a job execution stay open after its last worker
	 * ended, so that the next launches of the same job execution reuse them.
	 */
	public void setWatchLinger(Duration watchLinger) {
		Assert.notNull(watchLinger, "watchLinger must not be null");
		this.watchLinger = watchLinger;
	}

	/**
	 * Sets how long a launch waits for the informers of its job execution to list the
	 * current Jobs and pods.
	 */
	public void setWatchStartTimeout(Duration watchStartTimeout) {
		this.watchStartTimeout = watchStartTimeout;
	}

	@Override
	public Worker launch(WorkerRequest request) {
		WorkerContract contract = request.contract();
		KubernetesWorker worker;
		try {
			KubernetesWorkerSettings workerSettings = this.settings.apply(contract.workerStep());
			String name = KubernetesNames.jobName(request.jobName(), contract.jobExecutionId(),
					contract.stepExecutionId(), contract.attempt());
			worker = new KubernetesWorker(name, request, workerSettings, this.actions);
		}
		catch (RuntimeException ex) {
			KubernetesWorker failed = new KubernetesWorker("not created", request, new KubernetesWorkerSettings(),
					this.actions);
			failed.endWithoutJob(WorkerExit.launchFailed(String.valueOf(ex.getMessage())));
			return failed;
		}
		try {
			JobExecutionWorkers workers = register(worker);
			worker.exit().whenComplete((exit, failure) -> unregister(contract.jobExecutionId(), workers, worker));
			this.executor.execute(new Request(false, this.sequence.incrementAndGet(), () -> create(worker, workers)));
		}
		catch (RuntimeException ex) {
			worker.endWithoutJob(WorkerExit.launchFailed(String.valueOf(ex.getMessage())));
		}
		return worker;
	}

	/**
	 * Finds the Jobs of the given job execution that have not finished, by the job
	 * execution id label, and follows each as a worker. They are left alone when this
	 * launcher is disposed.
	 * @throws IllegalStateException when the Jobs cannot be listed, since the answer
	 * would then be unknown
	 */
	@Override
	public List<LiveWorker> findLiveWorkers(long jobExecutionId) {
		JobExecutionWorkers workers;
		synchronized (this.jobExecutions) {
			workers = this.jobExecutions.computeIfAbsent(jobExecutionId,
					(id) -> new JobExecutionWorkers(id, this.client));
		}
		List<LiveWorker> live = new ArrayList<>();
		try {
			awaitWatch(workers);
			for (Job job : workers.watch().jobs()) {
				WorkerJob workerJob = new WorkerJob(job);
				WorkerRound round = workerJob.isFinished() ? null : workerJob.round(jobExecutionId);
				if (round != null) {
					live.addAll(follow(round, workerJob, workers));
					continue;
				}
				WorkerContract contract = workerJob.contract(jobExecutionId);
				if (workerJob.isFinished() || contract == null) {
					continue;
				}
				String jobName = workerJob.annotation(WorkerLabels.JOB_NAME_ANNOTATION);
				WorkerRequest request = new WorkerRequest((jobName != null) ? jobName : workerJob.name(),
						"step execution " + contract.stepExecutionId(), contract);
				KubernetesWorker worker = new KubernetesWorker(workerJob.name(), request,
						this.settings.apply(contract.workerStep()), this.actions);
				follow(worker, workers);
				worker.created();
				workers.replay(worker);
				live.add(new LiveWorker(jobExecutionId, contract.stepExecutionId(), contract.attempt(), worker));
			}
		}
		finally {
			if (live.isEmpty()) {
				scheduleCloseIfIdle(jobExecutionId, workers);
			}
		}
		if (!live.isEmpty()) {
			logger.info("Found " + live.size() + " live Kubernetes Job(s) of job execution " + jobExecutionId + ": "
					+ String.join(", ", live.stream().map((worker) -> worker.worker().name()).toList()));
		}
		return live;
	}

	/**
	 * Whether the given worker step runs in {@link KubernetesMode#INDEXED indexed mode}.
	 * @see WorkerLauncher#launchesRounds(String)
	 */
	@Override
	public boolean launchesRounds(String workerStep) {
		return this.settings.apply(workerStep).getMode() == KubernetesMode.INDEXED;
	}

	/**
	 * Creates one Indexed Job for the whole round: one index per partition, the round's
	 * window as parallelism.
	 * @see WorkerLauncher#launchRound(WorkerRound)
	 */
	@Override
	public List<Worker> launchRound(WorkerRound round) {
		WorkerContract first = round.requests().get(0).contract();
		KubernetesWorkerSettings workerSettings;
		String name;
		try {
			workerSettings = this.settings.apply(first.workerStep());
			name = KubernetesNames.roundJobName(round.jobName(), first.jobExecutionId(), round.managerStepExecutionId(),
					round.number());
		}
		catch (RuntimeException ex) {
			return round.requests().stream().map((request) -> {
				KubernetesWorker failed = new KubernetesWorker("not created", request, new KubernetesWorkerSettings(),
						this.actions);
				failed.endWithoutJob(WorkerExit.launchFailed(String.valueOf(ex.getMessage())));
				return (Worker) failed;
			}).toList();
		}
		IndexedRound indexed = new IndexedRound(name, round, workerSettings, this.roundActions);
		try {
			JobExecutionWorkers workers;
			synchronized (this.jobExecutions) {
				workers = this.jobExecutions.computeIfAbsent(first.jobExecutionId(),
						(id) -> new JobExecutionWorkers(id, this.client));
			}
			follow(indexed, workers);
			this.executor.execute(new Request(false, this.sequence.incrementAndGet(), () -> create(indexed, workers)));
		}
		catch (RuntimeException ex) {
			indexed.workers()
				.forEach((worker) -> worker.endWithoutJob(WorkerExit.launchFailed(String.valueOf(ex.getMessage()))));
		}
		return List.copyOf(indexed.workers());
	}

	/**
	 * Follows the workers of an Indexed Job an earlier manager created: those of the
	 * indexes that have not ended are live.
	 */
	private List<LiveWorker> follow(WorkerRound round, WorkerJob job, JobExecutionWorkers workers) {
		WorkerRequest first = round.requests().get(0);
		IndexedRound indexed = new IndexedRound(job.name(), round, this.settings.apply(first.contract().workerStep()),
				this.roundActions);
		follow(indexed, workers);
		indexed.workers().forEach(KubernetesWorker::created);
		workers.replay(indexed);
		BitSet ended = new BitSet();
		BitSet failed = new BitSet();
		IndexedRound.parseInto(job.completedIndexes(), ended);
		IndexedRound.parseInto(job.failedIndexes(), failed);
		ended.or(failed);
		List<LiveWorker> live = new ArrayList<>();
		for (int index = ended.nextClearBit(0); index < indexed.workers().size(); index = ended
			.nextClearBit(index + 1)) {
			KubernetesWorker worker = indexed.workers().get(index);
			live.add(new LiveWorker(first.contract().jobExecutionId(), worker.request().contract().stepExecutionId(),
					round.attempt(), worker));
		}
		return live;
	}

	/**
	 * Routes the events of an Indexed Job to its round until every index has ended, then
	 * deletes the Job by the cleanup policy.
	 */
	private void follow(IndexedRound round, JobExecutionWorkers workers) {
		long jobExecutionId = round.round().requests().get(0).contract().jobExecutionId();
		synchronized (this.jobExecutions) {
			workers.add(round);
		}
		round.allEnded().thenAccept((success) -> {
			if (round.settings().getCleanupPolicy().deletes(success)) {
				delete(() -> delete(round.name()));
			}
			boolean last;
			synchronized (this.jobExecutions) {
				last = workers.remove(round);
			}
			if (last) {
				scheduleCloseIfIdle(jobExecutionId, workers);
			}
		});
	}

	private void create(IndexedRound round, JobExecutionWorkers workers) {
		if (round.workers().stream().noneMatch(KubernetesWorker::mayCreate)) {
			round.workers()
				.forEach((worker) -> worker.endWithoutJob(
						new WorkerExit(null, "stopped before its Job was created", List.of(), Instant.now())));
			return;
		}
		WorkerRound request = round.round();
		WorkerRequest first = request.requests().get(0);
		try {
			String unsupported = indexedUnsupported();
			if (!unsupported.isEmpty()) {
				round.workers().forEach((worker) -> worker.endWithoutJob(WorkerExit.launchImpossible(unsupported)));
				return;
			}
			awaitWatch(workers);
			KubernetesWorkerSettings workerSettings = round.settings();
			String image = (workerSettings.getImage() != null) ? workerSettings.getImage() : managerImage();
			WorkerIndexes indexes = new WorkerIndexes(request.managerStepExecutionId(), request.number(),
					request.maxWorkers(),
					request.requests().stream().map((each) -> each.contract().stepExecutionId()).toList());
			Job job = this.jobFactory.create(
					new WorkerJobParameters(round.name(), first, workerSettings, image, this.applicationName, indexes));
			createOrAdopt(job,
					indexes.size() + " partitions of " + first.contract().workerStep() + " (round " + request.number()
							+ ", attempt " + request.attempt() + ")",
					WorkerLabels.MANAGER_STEP_EXECUTION_ID, Long.toString(request.managerStepExecutionId()),
					"manager step execution " + request.managerStepExecutionId());
			workers.replay(round);
			for (KubernetesWorker worker : round.workers()) {
				if (worker.created()) {
					round.stop(worker);
				}
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not create Indexed Job " + round.name() + ": " + ex.getMessage());
			round.workers()
				.forEach((worker) -> worker.endWithoutJob(WorkerExit.launchFailed(String.valueOf(ex.getMessage()))));
		}
	}

	/**
	 * Returns why the API server cannot run the Indexed Jobs of indexed mode, or an empty
	 * string when it can: backoffLimitPerIndex, maxFailedIndexes and the FailIndex action
	 * are GA since Kubernetes 1.33.
	 */
	private String indexedUnsupported() {
		String unsupported = this.indexedUnsupported;
		if (unsupported == null) {
			VersionInfo version = call(this.client::serverVersion);
			int major = leadingNumber(version.getMajor());
			int minor = leadingNumber(version.getMinor());
			boolean supported = major > 1 || (major == 1 && minor >= MIN_INDEXED_MINOR);
			unsupported = supported ? ""
					: "partita.kubernetes.mode=indexed needs Kubernetes 1." + MIN_INDEXED_MINOR
							+ " or later (Indexed Jobs with backoffLimitPerIndex, maxFailedIndexes and the FailIndex "
							+ "pod failure action), but the API server is "
							+ ((version.getGitVersion() != null) ? version.getGitVersion()
									: version.getMajor() + "." + version.getMinor())
							+ "; set partita.kubernetes.mode=job (or partita.steps.<step>.kubernetes.mode=job) or "
							+ "upgrade the cluster";
			this.indexedUnsupported = unsupported;
		}
		return unsupported;
	}

	private static int leadingNumber(@Nullable String text) {
		String digits = (text != null) ? text.replaceAll("^(\\d*).*$", "$1") : "";
		return digits.isEmpty() ? 0 : Integer.parseInt(digits);
	}

	private JobExecutionWorkers register(KubernetesWorker worker) {
		long jobExecutionId = worker.request().contract().jobExecutionId();
		synchronized (this.jobExecutions) {
			JobExecutionWorkers workers = this.jobExecutions.computeIfAbsent(jobExecutionId,
					(id) -> new JobExecutionWorkers(id, this.client));
			workers.add(worker);
			return workers;
		}
	}

	private void follow(KubernetesWorker worker, JobExecutionWorkers workers) {
		synchronized (this.jobExecutions) {
			workers.add(worker);
		}
		worker.exit()
			.whenComplete((exit, failure) -> unregister(worker.request().contract().jobExecutionId(), workers, worker));
	}

	/**
	 * Returns how many job executions have workers being watched.
	 */
	int watchedJobExecutions() {
		synchronized (this.jobExecutions) {
			return this.jobExecutions.size();
		}
	}

	private void unregister(long jobExecutionId, JobExecutionWorkers workers, KubernetesWorker worker) {
		boolean last;
		synchronized (this.jobExecutions) {
			last = workers.remove(worker);
		}
		if (last) {
			// a window of workers often launches the next partition at once: keep
			// watching a while before closing
			scheduleCloseIfIdle(jobExecutionId, workers);
		}
	}

	private void scheduleCloseIfIdle(long jobExecutionId, JobExecutionWorkers workers) {
		CompletableFuture.delayedExecutor(this.watchLinger.toMillis(), TimeUnit.MILLISECONDS)
			.execute(() -> closeIfIdle(jobExecutionId, workers));
	}

	private void closeIfIdle(long jobExecutionId, JobExecutionWorkers workers) {
		synchronized (this.jobExecutions) {
			if (!workers.isEmpty() || !this.jobExecutions.remove(jobExecutionId, workers)) {
				return;
			}
		}
		execute(this.executor, new Request(true, this.sequence.incrementAndGet(), workers::close));
	}

	private void create(KubernetesWorker worker, JobExecutionWorkers workers) {
		if (!worker.mayCreate()) {
			worker.endWithoutJob(new WorkerExit(null, "stopped before its Job was created", List.of(), Instant.now()));
			return;
		}
		WorkerRequest request = worker.request();
		try {
			awaitWatch(workers);
			KubernetesWorkerSettings workerSettings = worker.settings();
			String image = (workerSettings.getImage() != null) ? workerSettings.getImage() : managerImage();
			Job job = this.jobFactory
				.create(new WorkerJobParameters(worker.name(), request, workerSettings, image, this.applicationName));
			createOrAdopt(job, request.partitionName() + " (attempt " + request.contract().attempt() + ")",
					WorkerLabels.STEP_EXECUTION_ID, Long.toString(request.contract().stepExecutionId()),
					"step execution " + request.contract().stepExecutionId());
			workers.replay(worker);
			if (worker.created()) {
				delete(worker.name());
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not create Kubernetes Job " + worker.name() + " for " + request.partitionName() + ": "
					+ ex.getMessage());
			worker.endWithoutJob(WorkerExit.launchFailed(String.valueOf(ex.getMessage())));
		}
	}

	/**
	 * Creates the given Job, or adopts the Job of the same name when it carries the given
	 * owner label.
	 */
	private void createOrAdopt(Job job, String purpose, String ownerLabel, String owner, String ownerName) {
		String name = job.getMetadata().getName();
		String namespace = this.client.namespace();
		try {
			call(() -> this.client.createJob(job));
			logger.info("Created Kubernetes Job " + name + " in namespace " + namespace + " for " + purpose);
			return;
		}
		catch (KubernetesClientException ex) {
			if (ex.getCode() != 409) {
				throw new IllegalStateException(
						KubernetesApiFailures.describe(ex, "create", "jobs", "batch", namespace), ex);
			}
		}
		Job existing;
		try {
			existing = call(() -> this.client.getJob(name));
		}
		catch (KubernetesClientException ex) {
			throw new IllegalStateException(KubernetesApiFailures.describe(ex, "get", "jobs", "batch", namespace), ex);
		}
		String found = (existing != null) ? new WorkerJob(existing).label(ownerLabel) : null;
		if (!owner.equals(found)) {
			throw new IllegalStateException("a Job named " + name + " already exists in namespace " + namespace
					+ " but does not belong to " + ownerName + " (its " + ownerLabel + " label is " + found
					+ "); delete that Job or rename the job");
		}
		logger.info("Adopted existing Kubernetes Job " + name + " in namespace " + namespace + " for " + purpose);
	}

	private void awaitWatch(JobExecutionWorkers workers) {
		try {
			workers.watch().started().get(this.watchStartTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw new IllegalStateException("cannot watch worker Jobs and pods: " + cause.getMessage(), cause);
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("the watch of worker Jobs and pods in namespace " + this.client.namespace()
					+ " did not start within " + this.watchStartTimeout, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while waiting for the watch of worker Jobs and pods", ex);
		}
	}

	private String managerImage() {
		String image = this.managerImage;
		if (image == null) {
			image = this.client.managerImage();
			this.managerImage = image;
			logger.info("Workers run the manager's own image " + image);
		}
		return image;
	}

	private void delete(String jobName) {
		try {
			call(() -> this.client.deleteJob(jobName));
		}
		catch (RuntimeException ex) {
			if (ex instanceof KubernetesClientException kex && kex.getCode() == 404) {
				return;
			}
			logger.warn("Could not delete Kubernetes Job " + jobName + ": "
					+ KubernetesApiFailures.describe(ex, "delete", "jobs", "batch", this.client.namespace()));
		}
	}

	private void deletePod(String podName) {
		try {
			call(() -> this.client.deletePod(podName));
		}
		catch (RuntimeException ex) {
			if (ex instanceof KubernetesClientException kex && kex.getCode() == 404) {
				return;
			}
			logger.warn("Could not delete worker pod " + podName + ": "
					+ KubernetesApiFailures.describe(ex, "delete", "pods", "", this.client.namespace()));
		}
	}

	private void finish(KubernetesWorker worker, KubernetesWorker.Ending ending) {
		worker.complete(exit(worker, ending));
		if (worker.settings().getCleanupPolicy().deletes(ending.success()) && !worker.isJobDeleted()) {
			delete(() -> delete(worker.name()));
		}
	}

	/**
	 * Reads the log tail of a failed worker's pod and returns its exit.
	 */
	private WorkerExit exit(KubernetesWorker worker, KubernetesWorker.Ending ending) {
		List<String> logTail = List.of();
		WorkerPod pod = ending.logPod();
		int lines = worker.settings().getLogTailLines();
		if (pod != null && !ending.success() && lines > 0) {
			try {
				logTail = call(() -> this.client.podLogTail(pod.name(), pod.containerName(), lines));
			}
			catch (RuntimeException ex) {
				logTail = List.of("(log of pod " + pod.name() + " could not be read: "
						+ KubernetesApiFailures.describe(ex, "get", "pods/log", "", this.client.namespace()) + ")");
			}
		}
		WorkerExit exit = ending.toExit(logTail);
		logger.info("Kubernetes Job " + worker.name() + " of " + worker.request().partitionName() + " ended: "
				+ exit.reason());
		return exit;
	}

	private <T> T call(Supplier<T> request) {
		try {
			return this.retryTemplate.execute(request::get);
		}
		catch (RetryException ex) {
			Throwable last = ex.getLastException();
			if (last instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException(last);
		}
	}

	/**
	 * Stops watching; Jobs still running are left alone, so a restarted manager can find
	 * them.
	 */
	@Override
	public void destroy() throws InterruptedException {
		List<JobExecutionWorkers> watched;
		synchronized (this.jobExecutions) {
			watched = new ArrayList<>(this.jobExecutions.values());
			this.jobExecutions.clear();
		}
		watched.forEach(JobExecutionWorkers::close);
		for (ExecutorService pool : List.of(this.executor, this.endings)) {
			pool.shutdown();
			if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
				pool.shutdownNow();
			}
		}
	}

	/**
	 * Sends a delete ahead of the creates waiting.
	 */
	private void delete(Runnable task) {
		execute(this.executor, new Request(true, this.sequence.incrementAndGet(), task));
	}

	private static void execute(ExecutorService pool, Runnable task) {
		try {
			pool.execute(task);
		}
		catch (RejectedExecutionException ex) {
			task.run();
		}
	}

	/**
	 * What an Indexed Job's round asks: deletes go through the create executor, ends
	 * through the ending one.
	 */
	private final class RoundActions implements IndexedRound.Actions {

		@Override
		public void deleteJob(IndexedRound round) {
			logger.info("Stopping Indexed Job " + round.name());
			delete(() -> delete(round.name()));
		}

		@Override
		public void deletePods(IndexedRound round, List<String> podNames) {
			delete(() -> podNames.forEach(KubernetesWorkerLauncher.this::deletePod));
		}

		@Override
		public void end(IndexedRound round, KubernetesWorker worker, KubernetesWorker.Ending ending) {
			execute(KubernetesWorkerLauncher.this.endings, () -> {
				worker.complete(exit(worker, ending));
				round.ended(worker, ending.success());
			});
		}

	}

	/**
	 * A create or delete waiting for the API server: deletes first, then in the order
	 * sent.
	 */
	private record Request(boolean delete, long sequence, Runnable task) implements Runnable, Comparable<Request> {

		@Override
		public void run() {
			this.task.run();
		}

		@Override
		public int compareTo(Request other) {
			if (this.delete != other.delete) {
				return this.delete ? -1 : 1;
			}
			return Long.compare(this.sequence, other.sequence);
		}

	}

	private final class WorkerActions implements KubernetesWorker.Actions {

		@Override
		public void deleteJob(KubernetesWorker worker) {
			logger.info("Stopping Kubernetes Job " + worker.name() + " of " + worker.request().partitionName());
			delete(() -> delete(worker.name()));
		}

		@Override
		public void end(KubernetesWorker worker, KubernetesWorker.Ending ending) {
			execute(KubernetesWorkerLauncher.this.endings, () -> finish(worker, ending));
		}

	}

}
