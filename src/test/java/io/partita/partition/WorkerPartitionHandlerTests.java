package io.partita.partition;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.partita.launch.WorkerLauncher;
import io.partita.launch.WorkerRequest;
import io.partita.launch.WorkerRound;
import io.partita.partition.TestingWorkerLauncher.TestingWorker;
import io.partita.test.InMemoryJobRepository;
import io.partita.test.ManagerSteps;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.partition.support.SimpleStepExecutionSplitter;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabase;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.util.backoff.FixedBackOff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The manager's policy, with a test double for the launcher and a real (H2) job
 * repository: the window, what is recorded for workers that die or never launch, and
 * stopping.
 */
@ExtendWith(OutputCaptureExtension.class)
class WorkerPartitionHandlerTests {

	private JobRepository jobRepository;

	private final TestingWorkerLauncher launcher = new TestingWorkerLauncher();

	@BeforeEach
	void jobRepository() throws Exception {
		this.jobRepository = InMemoryJobRepository.create();
	}

	@Test
	void windowNeverHoldsMoreWorkersThanMaxWorkers() throws Exception {
		StepExecution manager = managerStepExecution();
		CompletableFuture<Collection<StepExecution>> handled = handle(handler(2), manager, 5);

		// the window fills before any worker ends, then each end lets one more in
		Deque<TestingWorker> alive = new ArrayDeque<>(List.of(this.launcher.nextLaunch(), this.launcher.nextLaunch()));
		for (int ended = 1; ended <= 5; ended++) {
			TestingWorker worker = alive.removeFirst();
			recordStatus(worker, BatchStatus.COMPLETED);
			worker.exitWith(0, "exit code 0 (step completed)");
			if (ended <= 3) {
				alive.addLast(this.launcher.nextLaunch());
			}
		}

		assertThat(handled.get(30, TimeUnit.SECONDS)).hasSize(5)
			.extracting(StepExecution::getStatus)
			.containsOnly(BatchStatus.COMPLETED);
		assertThat(this.launcher.mostAlive()).isEqualTo(2);
	}

	@Test
	void endsThatArriveTogetherAreReadInOneLookupAndRecordedOnceEach() throws Exception {
		int partitions = 50;
		WorkerLauncher endedAtOnce = (request) -> {
			TestingWorker worker = (TestingWorker) this.launcher.launch(request);
			recordStatus(worker, BatchStatus.COMPLETED);
			worker.exitWith(0, "exit code 0 (step completed)");
			return worker;
		};
		StepExecutionLookup repository = StepExecutionLookup.of(this.jobRepository);
		List<List<Long>> lookups = new CopyOnWriteArrayList<>();
		List<PartitionFinishedEvent> finishes = new CopyOnWriteArrayList<>();
		WorkerPartitionHandler handler = new WorkerPartitionHandler(endedAtOnce, this.jobRepository, "step");
		handler.setMaxWorkers(partitions);
		handler.setStepExecutionLookup((jobExecution, ids) -> {
			lookups.add(List.copyOf(ids));
			return repository.find(jobExecution, ids);
		});
		handler.setEventPublisher((event) -> {
			if (event instanceof PartitionFinishedEvent finished) {
				finishes.add(finished);
			}
		});

		Collection<StepExecution> handled = handle(handler, managerStepExecution(), partitions).get(30,
				TimeUnit.SECONDS);

		assertThat(handled).hasSize(partitions)
			.extracting(StepExecution::getStatus)
			.containsOnly(BatchStatus.COMPLETED);
		assertThat(lookups).as("lookups").hasSize(1);
		assertThat(lookups.get(0)).hasSize(partitions).doesNotHaveDuplicates();
		assertThat(finishes).extracting(PartitionFinishedEvent::stepExecutionId)
			.hasSize(partitions)
			.doesNotHaveDuplicates();
		for (StepExecution partition : handled) {
			assertThat(AttemptHistory.of(this.jobRepository.getStepExecution(partition.getId())))
				.extracting(AttemptHistory.Attempt::status)
				.containsExactly("COMPLETED");
		}
	}

	@Test
	void endsThatArriveTogetherAreWrittenInOneTransaction() throws Exception {
		EmbeddedDatabase database = new EmbeddedDatabaseBuilder().generateUniqueName(true)
			.setType(EmbeddedDatabaseType.H2)
			.addScript("/org/springframework/batch/core/schema-h2.sql")
			.build();
		try {
			JobRepository jobRepository = InMemoryJobRepository.on(database);
			AtomicInteger commits = new AtomicInteger();
			AtomicBoolean counting = new AtomicBoolean();
			JdbcTransactionManager transactionManager = new JdbcTransactionManager(database) {

				@Override
				protected void doCommit(DefaultTransactionStatus status) {
					if (counting.get()) {
						commits.incrementAndGet();
					}
					super.doCommit(status);
				}

			};
			int partitions = 50;
			WorkerPartitionHandler handler = new WorkerPartitionHandler(endedAtOnce(jobRepository), jobRepository,
					"step");
			handler.setMaxWorkers(partitions);
			handler.setTransactionManager(transactionManager);
			handler.setStepExecutionLookup((jobExecution, ids) -> {
				counting.set(true);
				return StepExecutionLookup.of(jobRepository).find(jobExecution, ids);
			});

			Collection<StepExecution> handled = ManagerSteps
				.handle(handler, jobRepository, "step", ManagerSteps.startManagerStep(jobRepository, "job"), partitions)
				.get(30, TimeUnit.SECONDS);

			assertThat(handled).hasSize(partitions)
				.extracting(StepExecution::getStatus)
				.containsOnly(BatchStatus.COMPLETED);
			assertThat(commits).as("commits").hasValue(1);
			for (StepExecution partition : handled) {
				assertThat(AttemptHistory.of(jobRepository.getStepExecution(partition.getId()))).hasSize(1);
			}
		}
		finally {
			database.shutdown();
		}
	}

	@Test
	void batchOfEndsCutOffByAJobRepositoryOutageIsRecordedOnceEachWhenItIsOver() throws Exception {
		EmbeddedDatabase database = new EmbeddedDatabaseBuilder().generateUniqueName(true)
			.setType(EmbeddedDatabaseType.H2)
			.addScript("/org/springframework/batch/core/schema-h2.sql")
			.build();
		try {
			JobRepository real = InMemoryJobRepository.on(database);
			AtomicInteger contextWrites = new AtomicInteger();
			JobRepository flaky = (JobRepository) Proxy.newProxyInstance(getClass().getClassLoader(),
					new Class<?>[] { JobRepository.class }, (proxy, method, arguments) -> {
						if (method.getName().equals("updateExecutionContext") && arguments[0] instanceof StepExecution
								&& ((StepExecution) arguments[0]).getStepName().startsWith("step:")
								&& contextWrites.incrementAndGet() == 3) {
							throw new DataAccessResourceFailureException("Connection refused");
						}
						try {
							return method.invoke(real, arguments);
						}
						catch (InvocationTargetException ex) {
							throw ex.getCause();
						}
					});
			int partitions = 10;
			WorkerPartitionHandler handler = new WorkerPartitionHandler(endedAtOnce(real), flaky, "step");
			handler.setMaxWorkers(partitions);
			handler.setHeartbeatInterval(Duration.ofMillis(10));
			handler.setTransactionManager(new JdbcTransactionManager(database));

			Collection<StepExecution> handled = ManagerSteps
				.handle(handler, real, "step", ManagerSteps.startManagerStep(real, "job"), partitions)
				.get(30, TimeUnit.SECONDS);

			assertThat(handled).hasSize(partitions)
				.extracting(StepExecution::getStatus)
				.containsOnly(BatchStatus.COMPLETED);
			assertThat(contextWrites).as("attempt history writes").hasValue(partitions + 3);
			for (StepExecution partition : handled) {
				assertThat(AttemptHistory.of(real.getStepExecution(partition.getId()))).hasSize(1);
			}
		}
		finally {
			database.shutdown();
		}
	}

	/**
	 * A launcher whose workers record their step COMPLETED and end as they are launched,
	 * so that their ends are all waiting when the manager looks.
	 */
	private WorkerLauncher endedAtOnce(JobRepository jobRepository) {
		return (request) -> {
			TestingWorker worker = (TestingWorker) this.launcher.launch(request);
			ManagerSteps.recordStatus(jobRepository, request.contract().stepExecutionId(), BatchStatus.COMPLETED);
			worker.exitWith(0, "exit code 0 (step completed)");
			return worker;
		};
	}

	@Test
	void gridSizeGivenToTheHandlerReachesThePartitioner() throws Exception {
		WorkerPartitionHandler handler = handler(4);
		handler.setGridSize(3);
		List<Integer> asked = new CopyOnWriteArrayList<>();
		CompletableFuture<Collection<StepExecution>> handled = CompletableFuture.supplyAsync(() -> {
			try {
				return handler.handle(new SimpleStepExecutionSplitter(this.jobRepository, "step", (gridSize) -> {
					asked.add(gridSize);
					return ManagerSteps.partitioner(gridSize).partition(gridSize);
				}), managerStepExecution());
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		for (int launched = 0; launched < 3; launched++) {
			TestingWorker worker = this.launcher.nextLaunch();
			recordStatus(worker, BatchStatus.COMPLETED);
			worker.exitWith(0, "exit code 0 (step completed)");
		}

		assertThat(handled.get(30, TimeUnit.SECONDS)).hasSize(3);
		assertThat(asked).containsExactly(3);
	}

	@Test
	void handlerLeftAtTheDefaultGridSizeSaysSoWithTheWayToSetIt(CapturedOutput output) throws Exception {
		CompletableFuture<Collection<StepExecution>> handled = handle(handler(1), managerStepExecution(), 1);
		TestingWorker worker = this.launcher.nextLaunch();
		recordStatus(worker, BatchStatus.COMPLETED);
		worker.exitWith(0, "exit code 0 (step completed)");
		handled.get(30, TimeUnit.SECONDS);

		assertThat(output).contains("the partitioner was asked for grid size 1, the default")
			.contains("partita.partitionHandler(\"step\", n)");
	}

	@Test
	void handlerGivenAGridSizeDoesNotHintAtIt(CapturedOutput output) throws Exception {
		WorkerPartitionHandler handler = handler(1);
		handler.setGridSize(1);
		CompletableFuture<Collection<StepExecution>> handled = handle(handler, managerStepExecution(), 1);
		TestingWorker worker = this.launcher.nextLaunch();
		recordStatus(worker, BatchStatus.COMPLETED);
		worker.exitWith(0, "exit code 0 (step completed)");
		handled.get(30, TimeUnit.SECONDS);

		assertThat(output).doesNotContain("the partitioner was asked for grid size");
	}

	@Test
	void workerThatEndsWithoutRecordingItsStepFailsItsPartitionWithTheReason() throws Exception {
		StepExecution manager = managerStepExecution();
		CompletableFuture<Collection<StepExecution>> handled = handle(handler(1), manager, 1);

		TestingWorker worker = this.launcher.nextLaunch();
		worker.exitWith(137, "exit code 137 (killed by SIGKILL)", "Starting worker...");

		assertThat(failure(handled)).isInstanceOf(PartitionsFailedException.class)
			.hasMessageContaining("1 of 1 partitions failed:")
			.hasMessageContaining("step:partition0 (step execution " + worker.request().contract().stepExecutionId()
					+ "): Worker worker-" + worker.request().contract().stepExecutionId()
					+ ": worker ended without recording the step; exit code 137 (killed by SIGKILL)");
		StepExecution partition = this.jobRepository.getStepExecution(worker.request().contract().stepExecutionId());
		assertThat(partition.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(partition.getExitStatus().getExitDescription())
			.endsWith("Last log lines of the worker:\n  Starting worker...");
	}

	@Test
	void failedPartitionIsLaunchedAgainAsItsNextAttempt() throws Exception {
		StepExecution manager = managerStepExecution();
		WorkerPartitionHandler handler = retryingHandler(2, 0);
		CompletableFuture<Collection<StepExecution>> handled = handle(handler, manager, 1);

		TestingWorker first = this.launcher.nextLaunch();
		recordStatus(first, BatchStatus.FAILED);
		first.exitWith(1, "exit code 1 (step failed)");
		TestingWorker second = this.launcher.nextLaunch();
		recordStatus(second, BatchStatus.COMPLETED);
		second.exitWith(0, "exit code 0 (step completed)");

		assertThat(handled.get(30, TimeUnit.SECONDS)).extracting(StepExecution::getStatus)
			.containsExactly(BatchStatus.COMPLETED);
		assertThat(second.request().contract().attempt()).isEqualTo(2);
		assertThat(second.request().contract().stepExecutionId())
			.isEqualTo(first.request().contract().stepExecutionId());
	}

	@Test
	void disruptedWorkersAreRelaunchedWithoutChargingTheAttempts() throws Exception {
		StepExecution manager = managerStepExecution();
		WorkerPartitionHandler handler = retryingHandler(1, 2);
		CompletableFuture<Collection<StepExecution>> handled = handle(handler, manager, 1);

		this.launcher.nextLaunch().disrupt("Evicted: the node was low on memory");
		this.launcher.nextLaunch().disrupt("Job deleted before it finished, not by this manager");
		TestingWorker third = this.launcher.nextLaunch();
		recordStatus(third, BatchStatus.COMPLETED);
		third.exitWith(0, "exit code 0 (step completed)");

		assertThat(handled.get(30, TimeUnit.SECONDS)).extracting(StepExecution::getStatus)
			.containsExactly(BatchStatus.COMPLETED);
		assertThat(third.request().contract().attempt()).isEqualTo(3);
	}

	@Test
	void disruptionsBeyondTheirBoundAreChargedAsFailures() throws Exception {
		StepExecution manager = managerStepExecution();
		WorkerPartitionHandler handler = retryingHandler(1, 1);
		CompletableFuture<Collection<StepExecution>> handled = handle(handler, manager, 1);

		this.launcher.nextLaunch().disrupt("Evicted");
		this.launcher.nextLaunch().disrupt("Evicted again");

		assertThat(failure(handled)).isInstanceOf(PartitionsFailedException.class)
			.hasMessageContaining("Evicted again");
	}

	@Test
	void partitionOutOfAttemptsFailsTheStep() throws Exception {
		StepExecution manager = managerStepExecution();
		WorkerPartitionHandler handler = retryingHandler(2, 0);
		CompletableFuture<Collection<StepExecution>> handled = handle(handler, manager, 1);

		for (int attempt = 1; attempt <= 2; attempt++) {
			TestingWorker worker = this.launcher.nextLaunch();
			assertThat(worker.request().contract().attempt()).isEqualTo(attempt);
			recordStatus(worker, BatchStatus.FAILED);
			worker.exitWith(1, "exit code 1 (step failed)");
		}

		assertThat(failure(handled)).isInstanceOf(PartitionsFailedException.class)
			.hasMessageContaining("1 of 1 partitions failed");
	}

	@Test
	void launchThatFailsBecomesAFailedPartition() throws Exception {
		StepExecution manager = managerStepExecution();
		CompletableFuture<Collection<StepExecution>> handled = handle(handler(1), manager, 1);

		TestingWorker worker = this.launcher.nextLaunch();
		worker.failToLaunch("java: not found");

		assertThat(failure(handled)).hasMessageContaining("launch failed: java: not found");
	}

	@Test
	void stopThroughTheJobRepositoryStopsWorkersAndLaunchesNoMore() throws Exception {
		StepExecution manager = managerStepExecution();
		WorkerPartitionHandler handler = handler(1);
		handler.setHeartbeatInterval(Duration.ofMillis(10));
		CompletableFuture<Collection<StepExecution>> handled = handle(handler, manager, 3);
		TestingWorker worker = this.launcher.nextLaunch();

		JobExecution stopping = this.jobRepository.getJobExecution(manager.getJobExecutionId());
		stopping.setStatus(BatchStatus.STOPPING);
		stopping.setEndTime(LocalDateTime.now());
		this.jobRepository.update(stopping);
		worker.stopRequested().get(30, TimeUnit.SECONDS);
		recordStatus(worker, BatchStatus.STOPPED);
		worker.exitWith(143, "exit code 143 (stopped by SIGTERM)");

		assertThat(failure(handled)).isInstanceOf(JobInterruptedException.class);
		assertThat(this.jobRepository.getJobExecution(manager.getJobExecutionId()).getStepExecutions())
			.filteredOn((step) -> step.getStepName().startsWith("step:"))
			.extracting(StepExecution::getStatus)
			.containsOnly(BatchStatus.STOPPED);
	}

	@Test
	void endThatCannotBeRecordedDuringAJobRepositoryOutageIsRecordedOnceItIsOver() throws Exception {
		StepExecution manager = managerStepExecution();
		AtomicBoolean down = new AtomicBoolean();
		AtomicInteger refused = new AtomicInteger();
		JobRepository flaky = (JobRepository) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { JobRepository.class }, (proxy, method, arguments) -> {
					if (down.get()) {
						refused.incrementAndGet();
						throw new DataAccessResourceFailureException("Connection refused");
					}
					try {
						return method.invoke(this.jobRepository, arguments);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
		WorkerPartitionHandler handler = new WorkerPartitionHandler(this.launcher, flaky, "step");
		handler.setHeartbeatInterval(Duration.ofMillis(10));
		CompletableFuture<Collection<StepExecution>> handled = handle(handler, manager, 1);
		TestingWorker worker = this.launcher.nextLaunch();
		recordStatus(worker, BatchStatus.COMPLETED);

		down.set(true);
		worker.exitWith(0, "exit code 0 (step completed)");
		await().atMost(Duration.ofSeconds(30)).until(() -> refused.get() > 2);
		assertThat(handled).isNotDone();
		down.set(false);

		assertThat(handled.get(30, TimeUnit.SECONDS)).extracting(StepExecution::getStatus)
			.containsExactly(BatchStatus.COMPLETED);
	}

	@Test
	void launcherOfRoundsGetsEveryPartitionAtOnceAndEachRetryRoundAfterwards() throws Exception {
		TestingWorkerLauncher rounds = new TestingWorkerLauncher(true);
		WorkerPartitionHandler handler = new WorkerPartitionHandler(rounds, this.jobRepository, "step");
		handler.setMaxWorkers(2);
		handler.setMaxAttempts(2);
		handler.setRetryBackOff(new FixedBackOff(0, 5));
		StepExecution manager = managerStepExecution();
		CompletableFuture<Collection<StepExecution>> handled = handle(handler, manager, 5);

		WorkerRound first = rounds.nextRound();
		assertThat(first.number()).isEqualTo(1);
		assertThat(first.maxWorkers()).isEqualTo(2);
		assertThat(first.managerStepExecutionId()).isEqualTo(manager.getId());
		assertThat(first.requests()).extracting(WorkerRequest::partitionName)
			.containsExactly("step:partition0", "step:partition1", "step:partition2", "step:partition3",
					"step:partition4");
		List<TestingWorker> workers = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			workers.add(rounds.nextLaunch());
		}
		for (TestingWorker worker : workers.subList(1, 5)) {
			recordStatus(worker, BatchStatus.COMPLETED);
			worker.exitWith(0, "exit code 0 (step completed)");
		}
		recordStatus(workers.get(0), BatchStatus.FAILED);
		workers.get(0).exitWith(1, "exit code 1 (step failed)");
		WorkerRound retry = rounds.nextRound();
		TestingWorker retried = rounds.nextLaunch();
		recordStatus(retried, BatchStatus.COMPLETED);
		retried.exitWith(0, "exit code 0 (step completed)");

		assertThat(handled.get(30, TimeUnit.SECONDS)).hasSize(5)
			.extracting(StepExecution::getStatus)
			.containsOnly(BatchStatus.COMPLETED);
		assertThat(retry.number()).isEqualTo(2);
		assertThat(retry.attempt()).isEqualTo(2);
		assertThat(retry.requests()).extracting(WorkerRequest::partitionName).containsExactly("step:partition0");
	}

	@Test
	void queuedWorkerIsNotHeldToTheStartupTimeoutUntilItsPlatformStartsIt() throws Exception {
		TestingWorkerLauncher rounds = new TestingWorkerLauncher(true);
		WorkerPartitionHandler handler = new WorkerPartitionHandler(rounds, this.jobRepository, "step");
		handler.setStartupTimeout(Duration.ofMillis(200));
		handler.setHeartbeatInterval(Duration.ofMillis(10));
		StepExecution manager = managerStepExecution();
		CompletableFuture<Collection<StepExecution>> handled = handle(handler, manager, 2);
		rounds.nextRound();
		TestingWorker started = rounds.nextLaunch();
		TestingWorker queued = rounds.nextLaunch();
		started.queued(false);

		started.stopRequested().get(30, TimeUnit.SECONDS);

		assertThat(queued.stopRequested()).as("stop of the queued worker").isNotDone();
		started.exitWith(143, "exit code 143 (stopped by SIGTERM)");
		queued.queued(false);
		queued.stopRequested().get(30, TimeUnit.SECONDS);
		queued.exitWith(143, "exit code 143 (stopped by SIGTERM)");
		assertThat(failure(handled)).hasMessageContaining("did not start its step within the start-up timeout");
	}

	private WorkerPartitionHandler handler(int maxWorkers) {
		WorkerPartitionHandler handler = new WorkerPartitionHandler(this.launcher, this.jobRepository, "step");
		handler.setMaxWorkers(maxWorkers);
		return handler;
	}

	private WorkerPartitionHandler retryingHandler(int maxAttempts, int maxDisruptions) {
		WorkerPartitionHandler handler = handler(1);
		handler.setMaxAttempts(maxAttempts);
		handler.setMaxDisruptions(maxDisruptions);
		handler.setRetryBackOff(new FixedBackOff(0, 5));
		return handler;
	}

	private CompletableFuture<Collection<StepExecution>> handle(WorkerPartitionHandler handler, StepExecution manager,
			int partitions) {
		return ManagerSteps.handle(handler, this.jobRepository, "step", manager, partitions);
	}

	private static Throwable failure(CompletableFuture<?> handled) throws Exception {
		try {
			handled.get(30, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			return ex.getCause().getCause();
		}
		throw new AssertionError("The handler did not fail");
	}

	private void recordStatus(TestingWorker worker, BatchStatus status) {
		ManagerSteps.recordStatus(this.jobRepository, worker.request().contract().stepExecutionId(), status);
	}

	private StepExecution managerStepExecution() throws Exception {
		return ManagerSteps.startManagerStep(this.jobRepository, "job");
	}

}
