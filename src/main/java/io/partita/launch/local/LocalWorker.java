package io.partita.launch.local;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.partita.launch.Worker;
import io.partita.launch.WorkerExit;

/**
 * A worker running as a child process. Its exit completes when the operating system
 * reports the process ended.
 */
final class LocalWorker implements Worker {

	private final String name;

	private final CompletableFuture<WorkerExit> exit;

	private final Process process;

	private final Duration stopGracePeriod;

	LocalWorker(Process process, Path log, int logTailLines, Duration stopGracePeriod) {
		this.process = process;
		this.name = "pid " + process.pid();
		this.stopGracePeriod = stopGracePeriod;
		this.exit = process.onExit()
			.thenApply((ended) -> new WorkerExit(ended.exitValue(), WorkerExit.describeExitCode(ended.exitValue()),
					LogTail.read(log, logTailLines), Instant.now()));
	}

	private LocalWorker(String name, WorkerExit exit) {
		this.process = null;
		this.name = name;
		this.stopGracePeriod = Duration.ZERO;
		this.exit = CompletableFuture.completedFuture(exit);
	}

	static LocalWorker failedToLaunch(Exception ex, LocalWorkerCommand command) {
		return new LocalWorker("not started",
				WorkerExit.launchFailed(ex.getMessage() + " (command: " + String.join(" ", command.toList()) + ")"));
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
		if (this.process == null || !this.process.isAlive()) {
			return;
		}
		this.process.destroy();
		CompletableFuture.delayedExecutor(this.stopGracePeriod.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
			if (this.process.isAlive()) {
				this.process.destroyForcibly();
			}
		});
	}

	void awaitExit() {
		this.exit.join();
	}

}
