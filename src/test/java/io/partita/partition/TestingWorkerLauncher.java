package io.partita.partition;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.partita.launch.Worker;
import io.partita.launch.WorkerExit;
import io.partita.launch.WorkerLauncher;
import io.partita.launch.WorkerRequest;
import io.partita.launch.WorkerRound;

/**
 * A {@link WorkerLauncher} whose workers end when the test says so.
 */
public class TestingWorkerLauncher implements WorkerLauncher {

	private final BlockingQueue<TestingWorker> launched = new LinkedBlockingQueue<>();

	private final List<TestingWorker> all = new CopyOnWriteArrayList<>();

	private final AtomicInteger mostAlive = new AtomicInteger();

	private final BlockingQueue<WorkerRound> rounds = new LinkedBlockingQueue<>();

	private final boolean launchesRounds;

	public TestingWorkerLauncher() {
		this(false);
	}

	/**
	 * A launcher that launches rounds when asked to, like the Kubernetes launcher in
	 * indexed mode, whose workers are queued until the test says otherwise.
	 */
	public TestingWorkerLauncher(boolean launchesRounds) {
		this.launchesRounds = launchesRounds;
	}

	@Override
	public boolean launchesRounds(String workerStep) {
		return this.launchesRounds;
	}

	@Override
	public List<Worker> launchRound(WorkerRound round) {
		List<Worker> workers = WorkerLauncher.super.launchRound(round);
		workers.forEach((worker) -> ((TestingWorker) worker).queued(true));
		this.rounds.add(round);
		return workers;
	}

	/**
	 * Waits for the next round.
	 */
	WorkerRound nextRound() throws InterruptedException {
		WorkerRound round = this.rounds.poll(30, TimeUnit.SECONDS);
		if (round == null) {
			throw new AssertionError("No round was launched");
		}
		return round;
	}

	@Override
	public Worker launch(WorkerRequest request) {
		TestingWorker worker = new TestingWorker(request, "worker-" + request.contract().stepExecutionId());
		this.all.add(worker);
		int alive = (int) this.all.stream().filter((launched) -> !launched.exit().isDone()).count();
		this.mostAlive.accumulateAndGet(alive, Math::max);
		this.launched.add(worker);
		return worker;
	}

	/**
	 * Waits for the next launch.
	 */
	public TestingWorker nextLaunch() throws InterruptedException {
		TestingWorker worker = this.launched.poll(30, TimeUnit.SECONDS);
		if (worker == null) {
			throw new AssertionError("No worker was launched");
		}
		return worker;
	}

	/**
	 * The most workers whose exit had not completed at the moment of a launch, the new
	 * one included.
	 */
	int mostAlive() {
		return this.mostAlive.get();
	}

	public static final class TestingWorker implements Worker {

		private final WorkerRequest request;

		private final String name;

		private final CompletableFuture<WorkerExit> exit = new CompletableFuture<>();

		private final CompletableFuture<Void> stopRequested = new CompletableFuture<>();

		private volatile boolean queued;

		TestingWorker(WorkerRequest request, String name) {
			this.request = request;
			this.name = name;
		}

		public WorkerRequest request() {
			return this.request;
		}

		public void exitWith(int code, String reason, String... logLines) {
			this.exit.complete(new WorkerExit(code, reason, List.of(logLines), Instant.now()));
		}

		void disrupt(String reason) {
			this.exit.complete(new WorkerExit(null, reason, List.of(), Instant.now(), true));
		}

		void failToLaunch(String reason) {
			this.exit.complete(WorkerExit.launchFailed(reason));
		}

		void queued(boolean queued) {
			this.queued = queued;
		}

		@Override
		public boolean isQueued() {
			return this.queued;
		}

		CompletableFuture<Void> stopRequested() {
			return this.stopRequested;
		}

		@Override
		public String name() {
			return this.name;
		}

		@Override
		public CompletableFuture<WorkerExit> exit() {
			return this.exit;
		}

		@Override
		public void stop() {
			this.stopRequested.complete(null);
		}

	}

}
