package io.partita.partition;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import io.partita.launch.WorkerLauncher;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.partition.support.AbstractPartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.util.Assert;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * A {@link PartitionHandler} that runs each partition in a worker of its own, started by
 * a {@link WorkerLauncher}: at most {@code maxWorkers} workers are alive at once and the
 * other partitions wait their turn. It learns of each worker's end from the launcher's
 * events, reads the partition's outcome back from the {@link JobRepository} (the outcomes
 * of every end waiting to be recorded in one {@link StepExecutionLookup lookup}), and
 * marks FAILED a partition whose worker ended without recording it.
 * <p>
 * When partitions fail, the handler aggregates them into the manager step with a
 * {@link org.springframework.batch.core.partition.support.DefaultStepExecutionAggregator}
 * and throws a {@link PartitionsFailedException} naming each failed partition and its
 * reason; when the job is stopped it throws a
 * {@link org.springframework.batch.core.job.JobInterruptedException}, so the manager step
 * ends STOPPED.
 * <p>
 * On restart the step's splitter hands over only the partitions that did not complete,
 * each with the execution context it last saved, so workers resume where the previous
 * attempt stopped.
 */
public class WorkerPartitionHandler extends AbstractPartitionHandler {

	private static final Log logger = LogFactory.getLog(WorkerPartitionHandler.class);

	private final WorkerLauncher launcher;

	private final JobRepository jobRepository;

	private final String workerStepName;

	private StepExecutionLookup stepExecutionLookup;

	private @Nullable PlatformTransactionManager transactionManager;

	private int maxWorkers = 4;

	private @Nullable Duration startupTimeout;

	private @Nullable Duration runTimeout;

	private Duration heartbeatInterval = Duration.ofSeconds(1);

	private Duration progressInterval = Duration.ofSeconds(30);

	private int maxAttempts = 1;

	private int maxDisruptions = 0;

	private BackOff retryBackOff = new ExponentialBackOff();

	private ApplicationEventPublisher eventPublisher = (event) -> {
	};

	private @Nullable ManagerShutdown managerShutdown;

	private boolean gridSizeGiven;

	private final AtomicBoolean gridSizeHinted = new AtomicBoolean();

	/**
	 * Creates a handler for the given worker step.
	 * @param launcher starts the workers
	 * @param jobRepository the job repository shared with the workers
	 * @param workerStepName the bean name of the {@code Step} each worker runs
	 */
	public WorkerPartitionHandler(WorkerLauncher launcher, JobRepository jobRepository, String workerStepName) {
		Assert.notNull(launcher, "launcher must not be null");
		Assert.notNull(jobRepository, "jobRepository must not be null");
		Assert.hasText(workerStepName, "workerStepName must not be empty");
		this.launcher = launcher;
		this.jobRepository = jobRepository;
		this.workerStepName = workerStepName;
		this.stepExecutionLookup = StepExecutionLookup.of(jobRepository);
	}

	/**
	 * Sets how the outcomes of ended workers are read from the job repository: by default
	 * one {@link JobRepository#getStepExecution(long)} each; a
	 * {@link io.partita.partition.support.JdbcStepExecutionLookup} reads many at once.
	 */
	public void setStepExecutionLookup(StepExecutionLookup stepExecutionLookup) {
		Assert.notNull(stepExecutionLookup, "stepExecutionLookup must not be null");
		this.stepExecutionLookup = stepExecutionLookup;
	}

	/**
	 * Sets the transaction manager of the job repository: what the manager records of the
	 * worker ends it reads in one lookup is then written in one transaction, one commit
	 * instead of one per end. Without one, each end is written on its own.
	 */
	public void setTransactionManager(@Nullable PlatformTransactionManager transactionManager) {
		this.transactionManager = transactionManager;
	}

	/**
	 * Sets how many workers may be alive at once.
	 */
	public void setMaxWorkers(int maxWorkers) {
		Assert.isTrue(maxWorkers > 0, "maxWorkers must be at least 1");
		this.maxWorkers = maxWorkers;
	}

	/**
	 * Sets how long a worker may take to start its step before it is stopped and its
	 * partition failed.
	 */
	public void setStartupTimeout(@Nullable Duration startupTimeout) {
		this.startupTimeout = startupTimeout;
	}

	/**
	 * Sets how long a worker may run before it is stopped and its partition failed.
	 */
	public void setRunTimeout(@Nullable Duration runTimeout) {
		this.runTimeout = runTimeout;
	}

	/**
	 * Sets how often the manager records that it is alive and checks whether the job was
	 * asked to stop.
	 */
	public void setHeartbeatInterval(Duration heartbeatInterval) {
		Assert.isTrue(!(heartbeatInterval.isNegative() || heartbeatInterval.isZero()),
				"heartbeatInterval must be positive");
		this.heartbeatInterval = heartbeatInterval;
	}

	/**
	 * Sets how often a progress line is logged while partitions run.
	 */
	public void setProgressInterval(Duration progressInterval) {
		Assert.isTrue(!(progressInterval.isNegative() || progressInterval.isZero()),
				"progressInterval must be positive");
		this.progressInterval = progressInterval;
	}

	/**
	 * Sets how many times a partition is launched at most: a partition whose worker
	 * failed with a retryable failure (not exit code 2 or 3, not stopped by the manager)
	 * is launched again, from its saved execution context, until it has had this many
	 * attempts. 1, the default, means no retries.
	 */
	public void setMaxAttempts(int maxAttempts) {
		Assert.isTrue(maxAttempts > 0, "maxAttempts must be at least 1");
		this.maxAttempts = maxAttempts;
	}

	/**
	 * Sets how many times a partition is launched again after its platform ended its
	 * worker (evicted, preempted, node lost, Job deleted by someone else), without
	 * charging those attempts to {@link #setMaxAttempts max attempts}. 0, the default,
	 * means such ends count as ordinary failures.
	 */
	public void setMaxDisruptions(int maxDisruptions) {
		Assert.isTrue(maxDisruptions >= 0, "maxDisruptions must not be negative");
		this.maxDisruptions = maxDisruptions;
	}

	/**
	 * Sets the pause before each retry of a partition.
	 */
	public void setRetryBackOff(BackOff retryBackOff) {
		Assert.notNull(retryBackOff, "retryBackOff must not be null");
		this.retryBackOff = retryBackOff;
	}

	/**
	 * Sets what stops this handler's runs when the manager shuts down.
	 */
	public void setManagerShutdown(@Nullable ManagerShutdown managerShutdown) {
		this.managerShutdown = managerShutdown;
	}

	public void setEventPublisher(ApplicationEventPublisher eventPublisher) {
		Assert.notNull(eventPublisher, "eventPublisher must not be null");
		this.eventPublisher = eventPublisher;
	}

	/**
	 * Sets the grid size the partitioner is asked for. Spring Batch applies the step
	 * builder's {@code gridSize(n)} only to the handler it builds itself, never to one
	 * given to it, so it is given here (or to {@code Partita.partitionHandler(step, n)}).
	 * @see AbstractPartitionHandler#setGridSize(int)
	 */
	@Override
	public void setGridSize(int gridSize) {
		Assert.isTrue(gridSize > 0, "gridSize must be at least 1");
		super.setGridSize(gridSize);
		this.gridSizeGiven = true;
	}

	public String getWorkerStepName() {
		return this.workerStepName;
	}

	@Override
	protected Set<StepExecution> doHandle(StepExecution managerStepExecution, Set<StepExecution> partitions)
			throws Exception {
		if (!this.gridSizeGiven && this.gridSizeHinted.compareAndSet(false, true)) {
			logger.info("Partitions of " + this.workerStepName + ": the partitioner was asked for grid size "
					+ getGridSize() + ", the default. A gridSize(n) on the step builder does not reach a partition "
					+ "handler given to it; give it to the handler: partita.partitionHandler(\"" + this.workerStepName
					+ "\", n).");
		}
		List<StepExecution> ordered = partitions.stream().sorted(Comparator.comparing(StepExecution::getId)).toList();
		PartitionRun.Settings settings = new PartitionRun.Settings(this.workerStepName, this.maxWorkers,
				this.startupTimeout, this.runTimeout, this.heartbeatInterval, this.progressInterval, this.maxAttempts,
				this.maxDisruptions, this.retryBackOff);
		PartitionRun run = new PartitionRun(settings, this.launcher, this.jobRepository, this.stepExecutionLookup,
				this.transactionManager, this.eventPublisher, managerStepExecution, ordered);
		if (this.managerShutdown == null) {
			return run.run();
		}
		this.managerShutdown.register(run, managerStepExecution.getJobExecutionId());
		try {
			return run.run();
		}
		finally {
			this.managerShutdown.unregister(run);
		}
	}

}
