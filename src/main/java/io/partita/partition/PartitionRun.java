package io.partita.partition;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.partita.launch.Worker;
import io.partita.launch.WorkerExit;
import io.partita.launch.WorkerLauncher;
import io.partita.launch.WorkerRequest;
import io.partita.launch.WorkerRound;
import io.partita.worker.WorkerContract;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.partition.StepExecutionAggregator;
import org.springframework.batch.core.partition.support.DefaultStepExecutionAggregator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * One run of a partitioned step in the manager: launches partitions while the window has
 * room, waits for worker ends (events, not polling), holds workers to their deadlines,
 * and records what each worker left behind. One instance per manager step execution,
 * confined to the thread that executes the step, so concurrent job executions never share
 * a window. With a launcher that {@link WorkerLauncher#launchesRounds launches rounds},
 * every partition that is ready goes to the launcher at once, one round per attempt, and
 * the platform keeps the window.
 */
final class PartitionRun {

	private static final Log logger = LogFactory.getLog(PartitionRun.class);

	private static final int DESCRIPTION_LIMIT = 240;

	private final Settings settings;

	private final WorkerLauncher launcher;

	private final JobRepository jobRepository;

	private final StepExecutionLookup lookup;

	/**
	 * Writes the records of a batch of ends in one transaction, when there is a
	 * transaction manager.
	 */
	private final @Nullable TransactionTemplate transactions;

	private final ApplicationEventPublisher eventPublisher;

	private final StepExecution manager;

	private final String label;

	private final Deque<StepExecution> queued;

	private final Map<Long, LaunchedPartition> running = new LinkedHashMap<>();

	private final BlockingQueue<LaunchedPartition> ended = new LinkedBlockingQueue<>();

	/** Workers that ended and whose outcome the manager has yet to record. */
	private final Deque<LaunchedPartition> unrecorded = new ArrayDeque<>();

	/** Why the job repository cannot be reached, while it cannot. */
	private @Nullable String outage;

	private final Set<StepExecution> finished = new LinkedHashSet<>();

	private final List<StepExecution> failed = new ArrayList<>();

	private final Instant startedAt = Instant.now();

	private final StepExecutionAggregator aggregator = new DefaultStepExecutionAggregator();

	private final PriorityQueue<Retry> retries = new PriorityQueue<>(Comparator.comparing(Retry::dueAt));

	private final Map<Long, BackOffExecution> backOffs = new HashMap<>();

	private final Map<Long, Integer> disruptions = new HashMap<>();

	/**
	 * Whether the launcher starts this run's partitions in rounds and keeps the window.
	 */
	private final boolean rounds;

	private int round;

	private @Nullable String stopReason;

	private volatile @Nullable String requestedStop;

	private Instant nextHeartbeat;

	private Instant nextProgress;

	PartitionRun(Settings settings, WorkerLauncher launcher, JobRepository jobRepository, StepExecutionLookup lookup,
			@Nullable PlatformTransactionManager transactionManager, ApplicationEventPublisher eventPublisher,
			StepExecution manager, List<StepExecution> partitions) {
		this.settings = settings;
		this.launcher = launcher;
		this.jobRepository = jobRepository;
		this.lookup = lookup;
		this.transactions = (transactionManager != null) ? new TransactionTemplate(transactionManager) : null;
		this.eventPublisher = eventPublisher;
		this.manager = manager;
		this.label = manager.getJobExecution().getJobInstance().getJobName() + "#" + manager.getJobExecutionId() + " "
				+ settings.workerStep();
		this.queued = new ArrayDeque<>(partitions);
		this.rounds = launcher.launchesRounds(settings.workerStep());
		this.nextHeartbeat = this.startedAt.plus(settings.heartbeatInterval());
		this.nextProgress = this.startedAt.plus(settings.progressInterval());
	}

	Set<StepExecution> run() throws JobInterruptedException, PartitionsFailedException {
		logger.info(this.label + ": " + this.queued.size() + " partitions to run, up to " + this.settings.maxWorkers()
				+ " workers at once");
		while (!this.queued.isEmpty() || !this.running.isEmpty() || !this.retries.isEmpty()
				|| !this.unrecorded.isEmpty()) {
			launchWhileRoom();
			if (!this.running.isEmpty() || !this.retries.isEmpty() || !this.unrecorded.isEmpty()) {
				awaitEvents();
			}
		}
		logger.info(this.label + ": " + summary());
		if (this.stopReason != null) {
			this.aggregator.aggregate(this.manager, this.finished);
			throw new JobInterruptedException(this.label + " stopped (" + this.stopReason + ")");
		}
		if (!this.failed.isEmpty()) {
			this.aggregator.aggregate(this.manager, this.finished);
			throw new PartitionsFailedException(describeFailures());
		}
		return this.finished;
	}

	/**
	 * Asks this run, from another thread, to stop its workers; it does so within a
	 * heartbeat interval.
	 */
	void requestStop(String reason) {
		this.requestedStop = reason;
	}

	private void launchWhileRoom() {
		if (this.stopReason != null) {
			this.retries.forEach((retry) -> recordNotLaunched(retry.partition()));
			this.retries.clear();
			while (!this.queued.isEmpty()) {
				recordNotLaunched(this.queued.poll());
			}
		}
		Instant now = Instant.now();
		if (this.rounds) {
			launchRounds(now);
			return;
		}
		while (!this.retries.isEmpty() && !this.retries.peek().dueAt().isAfter(now)
				&& this.running.size() < this.settings.maxWorkers()) {
			Retry retry = this.retries.poll();
			launch(retry.partition(), retry.attempt(), retry.dueAt());
		}
		while (!this.queued.isEmpty() && this.running.size() < this.settings.maxWorkers()) {
			launch(this.queued.poll(), 1, this.startedAt);
		}
	}

	/**
	 * Hands every queued partition and every retry that is due to the launcher, one round
	 * per attempt, regardless of the window.
	 */
	private void launchRounds(Instant now) {
		Map<Integer, List<Retry>> due = new TreeMap<>();
		while (!this.queued.isEmpty()) {
			due.computeIfAbsent(1, (attempt) -> new ArrayList<>())
				.add(new Retry(this.queued.poll(), 1, this.startedAt));
		}
		while (!this.retries.isEmpty() && !this.retries.peek().dueAt().isAfter(now)) {
			Retry retry = this.retries.poll();
			due.computeIfAbsent(retry.attempt(), (attempt) -> new ArrayList<>()).add(retry);
		}
		due.forEach((attempt, partitions) -> {
			List<WorkerRequest> requests = partitions.stream()
				.map((partition) -> request(partition.partition(), attempt))
				.toList();
			Instant launchedAt = Instant.now();
			List<Worker> workers = this.launcher.launchRound(new WorkerRound(jobName(), this.manager.getId(),
					++this.round, this.settings.maxWorkers(), requests));
			for (int i = 0; i < partitions.size(); i++) {
				track(partitions.get(i).partition(), attempt, workers.get(i), partitions.get(i).dueAt(), launchedAt);
			}
		});
	}

	private void launch(StepExecution partition, int attempt, Instant queuedAt) {
		Instant launchedAt = Instant.now();
		track(partition, attempt, this.launcher.launch(request(partition, attempt)), queuedAt, launchedAt);
	}

	private WorkerRequest request(StepExecution partition, int attempt) {
		WorkerContract contract = new WorkerContract(this.manager.getJobExecutionId(), partition.getId(),
				this.settings.workerStep(), attempt);
		return new WorkerRequest(jobName(), partition.getStepName(), contract);
	}

	private String jobName() {
		return this.manager.getJobExecution().getJobInstance().getJobName();
	}

	private void track(StepExecution partition, int attempt, Worker worker, Instant queuedAt, Instant now) {
		LaunchedPartition launched = new LaunchedPartition(partition, worker, attempt, now,
				deadline(now, this.settings.startupTimeout()), deadline(now, this.settings.runTimeout()));
		this.running.put(launched.id(), launched);
		logger.info(this.label + ": launched " + partition.getStepName() + " (step execution " + partition.getId()
				+ ", attempt " + attempt + ") as worker " + worker.name());
		this.eventPublisher.publishEvent(new PartitionLaunchedEvent(this.manager.getJobExecutionId(), launched.id(),
				launched.name(), worker.name(), attempt, now, jobName(), this.settings.workerStep(), queuedAt));
		worker.exit().thenAccept((exit) -> {
			launched.exit = exit;
			this.ended.add(launched);
		});
	}

	private void awaitEvents() {
		try {
			LaunchedPartition done = this.ended.poll(millisUntilNextDuty(), TimeUnit.MILLISECONDS);
			while (done != null) {
				this.unrecorded.add(done);
				done = this.ended.poll();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			stopAll("the manager thread was interrupted");
		}
		String requested = this.requestedStop;
		if (requested != null) {
			stopAll(requested);
		}
		Instant now = Instant.now();
		try {
			recordEnds();
			enforceDeadlines(now);
			if (!now.isBefore(this.nextHeartbeat)) {
				this.nextHeartbeat = now.plus(this.settings.heartbeatInterval());
				heartbeat();
			}
			if (this.outage != null) {
				logger.info(this.label + ": the job repository is reachable again");
				this.outage = null;
			}
		}
		catch (RuntimeException ex) {
			if (!JobRepositoryOutage.isOutage(ex)) {
				throw ex;
			}
			if (this.outage == null) {
				logger.warn(this.label + ": the job repository is unreachable (" + JobRepositoryOutage.describe(ex)
						+ "); the workers keep running, and what they leave is recorded once it is back");
			}
			this.outage = JobRepositoryOutage.describe(ex);
			this.nextHeartbeat = now.plus(this.settings.heartbeatInterval());
		}
		if (!now.isBefore(this.nextProgress)) {
			logger.info(this.label + ": " + progress(now));
			this.nextProgress = now.plus(this.settings.progressInterval());
		}
	}

	/**
	 * Records the ends of workers, oldest first, reading all their outcomes in one
	 * lookup. With a transaction manager, what the manager writes for all of them is
	 * written in one transaction, and the run takes note of them once it is committed;
	 * without one, each is written and noted in turn, and one that cannot be recorded now
	 * stays first in line. Either way the outcomes of those left are read again next
	 * time.
	 */
	private void recordEnds() {
		if (this.unrecorded.isEmpty()) {
			return;
		}
		Map<Long, StepExecution> outcomes = read(this.unrecorded);
		if (this.transactions == null) {
			while (!this.unrecorded.isEmpty()) {
				LaunchedPartition partition = this.unrecorded.peek();
				StepExecution outcome = record(partition, outcomes);
				if (outcome.getStatus() == BatchStatus.STOPPED && this.stopReason == null) {
					heartbeat();
				}
				finish(partition, outcome);
				this.unrecorded.poll();
			}
			return;
		}
		List<LaunchedPartition> batch = List.copyOf(this.unrecorded);
		List<StepExecution> recorded = this.transactions
			.execute((status) -> batch.stream().map((partition) -> record(partition, outcomes)).toList());
		boolean stopped = false;
		for (int i = 0; i < batch.size(); i++) {
			stopped |= recorded.get(i).getStatus() == BatchStatus.STOPPED;
			finish(batch.get(i), recorded.get(i));
			this.unrecorded.poll();
		}
		if (stopped && this.stopReason == null) {
			heartbeat();
		}
	}

	/**
	 * Reads the step executions of the given partitions as recorded now, in one lookup.
	 */
	private Map<Long, StepExecution> read(Collection<LaunchedPartition> partitions) {
		return this.lookup.find(this.manager.getJobExecution(),
				partitions.stream().map(LaunchedPartition::id).distinct().toList());
	}

	private long millisUntilNextDuty() {
		Instant next = Stream
			.concat(Stream.of(this.nextHeartbeat, this.nextProgress,
					this.retries.isEmpty() ? null : this.retries.peek().dueAt()),
					this.running.values().stream().map(LaunchedPartition::nextDeadline))
			.filter((deadline) -> deadline != null)
			.min(Instant::compareTo)
			.orElse(this.nextHeartbeat);
		return Math.max(1, Duration.between(Instant.now(), next).toMillis());
	}

	/**
	 * Frees the slot of an ended worker and writes what the manager records of its end:
	 * the outcome of a worker that did not record its step, the worker's reason in a
	 * failed step's description, and the attempt.
	 * @return the partition's step execution as recorded
	 */
	private StepExecution record(LaunchedPartition partition, Map<Long, StepExecution> outcomes) {
		this.running.remove(partition.id());
		WorkerExit exit = partition.exit;
		StepExecution outcome = outcomes.get(partition.id());
		if (outcome == null) {
			throw new IllegalStateException("Step execution " + partition.id() + " of " + partition.name()
					+ " disappeared from the job repository");
		}
		boolean timedOut = partition.stopReason != null && this.stopReason == null;
		if (outcome.getStatus().isRunning() || (timedOut && outcome.getStatus() == BatchStatus.STOPPED)) {
			recordEndedByManager(partition, outcome, exit);
		}
		else if (outcome.getStatus() == BatchStatus.FAILED) {
			String recorded = outcome.getExitStatus().getExitDescription();
			outcome
				.setExitStatus(new ExitStatus(outcome.getExitStatus().getExitCode(), "Worker " + partition.worker.name()
						+ " " + exit.reason() + ": " + firstLine(recorded) + logTail(exit) + "\n" + recorded));
			this.jobRepository.update(outcome);
		}
		AttemptHistory.record(this.jobRepository, outcome, partition.worker.name(), partition.attempt,
				partition.launchedAt, exit);
		return outcome;
	}

	/**
	 * Takes note of a worker's end once it is recorded: retries or finishes its
	 * partition, logs and publishes the end.
	 */
	private void finish(LaunchedPartition partition, StepExecution outcome) {
		WorkerExit exit = partition.exit;
		Instant now = Instant.now();
		String took = Duration.between(partition.launchedAt, exit.endedAt()).toMillis() + " ms";
		String ended = this.label + ": " + partition.name() + " (worker " + partition.worker.name() + ", attempt "
				+ partition.attempt + ") " + outcome.getStatus();
		if (outcome.getStatus() == BatchStatus.COMPLETED) {
			logger.info(ended + " in " + took);
		}
		else if (isRetryable(partition, outcome, exit)) {
			long delay = this.backOffs.computeIfAbsent(partition.id(), (id) -> this.settings.retryBackOff().start())
				.nextBackOff();
			this.retries.add(new Retry(outcome, partition.attempt + 1, now.plusMillis(Math.max(0, delay))));
			String budget;
			if (isUnchargedDisruption(partition, exit)) {
				int disruptions = this.disruptions.merge(partition.id(), 1, Integer::sum);
				budget = "not charged: disruption " + disruptions + " of " + this.settings.maxDisruptions();
			}
			else {
				budget = (chargedAttempts(partition) + 1) + " of " + this.settings.maxAttempts();
			}
			logger.warn(ended + " after " + took + ": " + headline(outcome.getExitStatus()) + "; retrying as attempt "
					+ (partition.attempt + 1) + " (" + budget + ") in " + delay + " ms");
		}
		else {
			logger.warn(ended + " after " + took + ": " + headline(outcome.getExitStatus()));
		}
		boolean retrying = isRetrying(outcome);
		if (!retrying) {
			this.finished.add(outcome);
			if (outcome.getStatus() == BatchStatus.FAILED) {
				this.failed.add(outcome);
			}
		}
		this.eventPublisher.publishEvent(new PartitionFinishedEvent(this.manager.getJobExecutionId(), partition.id(),
				partition.name(), partition.worker.name(), outcome.getStatus(), exit, now,
				this.manager.getJobExecution().getJobInstance().getJobName(), this.settings.workerStep(),
				partition.attempt, partition.launchedAt, retrying));
	}

	/**
	 * Whether a failed partition is launched again: its worker's failure was retryable
	 * (not exit code 2 or 3), the manager did not stop it, and it has attempts left.
	 */
	private boolean isRetryable(LaunchedPartition partition, StepExecution outcome, WorkerExit exit) {
		if (outcome.getStatus() != BatchStatus.FAILED || !exit.isRetryable() || partition.stopReason != null
				|| this.stopReason != null) {
			return false;
		}
		return isUnchargedDisruption(partition, exit) || chargedAttempts(partition) < this.settings.maxAttempts();
	}

	/**
	 * Whether the platform ended this worker and the partition has disruptions left,
	 * which are not charged to its attempts.
	 */
	private boolean isUnchargedDisruption(LaunchedPartition partition, WorkerExit exit) {
		return exit.disrupted() && this.disruptions.getOrDefault(partition.id(), 0) < this.settings.maxDisruptions();
	}

	/**
	 * The attempts of a partition charged to its budget: all but those its platform
	 * disrupted.
	 */
	private int chargedAttempts(LaunchedPartition partition) {
		return partition.attempt - this.disruptions.getOrDefault(partition.id(), 0);
	}

	private boolean isRetrying(StepExecution outcome) {
		return this.retries.stream().anyMatch((retry) -> retry.partition().getId() == outcome.getId());
	}

	/**
	 * Records the outcome of a worker that ended without recording its step (killed,
	 * crashed, never started) or that the manager stopped for a timeout: FAILED with the
	 * reason, or STOPPED when the job is stopping.
	 */
	private void recordEndedByManager(LaunchedPartition partition, StepExecution outcome, WorkerExit exit) {
		BatchStatus status = (this.stopReason != null) ? BatchStatus.STOPPED : BatchStatus.FAILED;
		String cause = (partition.stopReason != null) ? partition.stopReason
				: "worker ended without recording the step";
		String description = "Worker " + partition.worker.name() + ": " + cause + "; " + exit.reason() + logTail(exit);
		outcome.setStatus(status);
		outcome.setExitStatus(new ExitStatus(status.name(), description));
		outcome.setEndTime(LocalDateTime.now());
		this.jobRepository.update(outcome);
	}

	private void recordNotLaunched(StepExecution partition) {
		partition.setStatus(BatchStatus.STOPPED);
		partition.setExitStatus(ExitStatus.STOPPED.addExitDescription("not launched: " + this.stopReason));
		partition.setEndTime(LocalDateTime.now());
		this.jobRepository.update(partition);
		this.finished.add(partition);
	}

	private void enforceDeadlines(Instant now) {
		List<LaunchedPartition> startupDue = new ArrayList<>();
		for (LaunchedPartition partition : this.running.values()) {
			if (partition.stopReason != null) {
				continue;
			}
			if (partition.worker.isQueued()) {
				partition.postponeDeadlines(now, this.settings.startupTimeout(), this.settings.runTimeout());
				continue;
			}
			if (partition.runDeadline != null && !now.isBefore(partition.runDeadline)) {
				partition.stop("exceeded the run timeout of " + this.settings.runTimeout());
			}
			else if (partition.startupDeadline != null && !now.isBefore(partition.startupDeadline)) {
				startupDue.add(partition);
			}
		}
		if (startupDue.isEmpty()) {
			return;
		}
		Map<Long, StepExecution> current = read(startupDue);
		for (LaunchedPartition partition : startupDue) {
			if (hasStarted(current.get(partition.id()))) {
				partition.startupDeadline = null;
			}
			else {
				partition
					.stop("did not start its step within the start-up timeout of " + this.settings.startupTimeout());
			}
		}
	}

	private static boolean hasStarted(@Nullable StepExecution current) {
		return current == null || current.getStatus() != BatchStatus.STARTING;
	}

	/**
	 * Records that the manager is alive and picks up a stop requested through the job
	 * repository, the way a chunk-oriented step does at each commit.
	 */
	private void heartbeat() {
		if (this.outage != null) {
			// an update cut off by the outage may have counted a version the database
			// never committed
			StepExecution recorded = this.jobRepository.getStepExecution(this.manager.getId());
			if (recorded != null) {
				this.manager.setVersion(recorded.getVersion());
			}
		}
		this.jobRepository.update(this.manager);
		if (this.manager.isTerminateOnly() && this.stopReason == null) {
			stopAll("job execution " + this.manager.getJobExecutionId() + " was stopped");
		}
	}

	private void stopAll(String reason) {
		if (this.stopReason != null) {
			return;
		}
		this.stopReason = reason;
		logger.info(this.label + ": stopping " + this.running.size() + " worker(s) and " + this.queued.size()
				+ " queued partition(s): " + reason);
		this.running.values().forEach((partition) -> partition.stop(reason));
	}

	private String describeFailures() {
		StringBuilder description = new StringBuilder(
				this.failed.size() + " of " + this.finished.size() + " partitions failed:");
		for (StepExecution partition : this.failed) {
			description.append("\n  ")
				.append(partition.getStepName())
				.append(" (step execution ")
				.append(partition.getId())
				.append("): ")
				.append(headline(partition.getExitStatus()));
		}
		return description.toString();
	}

	private String summary() {
		long completed = this.finished.stream().filter((p) -> p.getStatus() == BatchStatus.COMPLETED).count();
		StringBuilder summary = new StringBuilder(completed + " of " + this.finished.size() + " partitions completed");
		if (!this.failed.isEmpty()) {
			summary.append(", failed: ")
				.append(String.join(", ", this.failed.stream().map(StepExecution::getStepName).toList()));
		}
		return summary.append(" in ")
			.append(Duration.between(this.startedAt, Instant.now()).toMillis())
			.append(" ms")
			.toString();
	}

	private String progress(Instant now) {
		return new PartitionProgress(this.finished.size(), this.running.size(), this.queued.size(), this.retries.size(),
				this.failed.size(), Duration.between(this.startedAt, now))
			.toString();
	}

	/**
	 * The first line of an exit description: Partita's diagnosis, or the root cause a
	 * worker recorded.
	 */
	private static String headline(ExitStatus exitStatus) {
		return firstLine(exitStatus.getExitDescription());
	}

	private static String firstLine(String description) {
		return shorten(description.strip().lines().findFirst().orElse(""));
	}

	private static String logTail(WorkerExit exit) {
		if (exit.logTail().isEmpty()) {
			return "";
		}
		StringBuilder tail = new StringBuilder("\nLast log lines of the worker:");
		exit.logTail().forEach((line) -> tail.append("\n  ").append(shorten(line)));
		return tail.toString();
	}

	private static String shorten(String line) {
		return (line.length() > DESCRIPTION_LIMIT) ? line.substring(0, DESCRIPTION_LIMIT) + "..." : line;
	}

	private static @Nullable Instant deadline(Instant from, @Nullable Duration timeout) {
		return (timeout != null) ? from.plus(timeout) : null;
	}

	/**
	 * What a run is held to.
	 */
	record Settings(String workerStep, int maxWorkers, @Nullable Duration startupTimeout, @Nullable Duration runTimeout,
			Duration heartbeatInterval, Duration progressInterval, int maxAttempts, int maxDisruptions,
			BackOff retryBackOff) {
	}

	/**
	 * A failed partition waiting to be launched again.
	 */
	private record Retry(StepExecution partition, int attempt, Instant dueAt) {
	}

}
