package io.partita.launch.local;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.partita.launch.Worker;
import io.partita.launch.WorkerExit;
import io.partita.worker.WorkerExitCode;
import org.jspecify.annotations.Nullable;

/**
 * A worker running as a child process. Its exit completes when the operating system
 * reports the process ended.
 */
final class LocalWorker implements Worker {

	private final String name;

	private final CompletableFuture<WorkerExit> exit;

	private final @Nullable ProcessHandle process;

	private final Duration stopGracePeriod;

	LocalWorker(Process process, Path log, int logTailLines, Duration stopGracePeriod) {
		this.process = process.toHandle();
		this.name = "pid " + process.pid();
		this.stopGracePeriod = stopGracePeriod;
		this.exit = process.onExit().thenApply((ended) -> {
			Instant endedAt = Instant.now();
			int code = ended.exitValue();
			// the log tail serves only to explain a failure: a completed worker's log is
			// not read
			List<String> logTail = (code != WorkerExitCode.COMPLETED.code()) ? LogTail.read(log, logTailLines)
					: List.of();
			return new WorkerExit(code, WorkerExit.describeExitCode(code), logTail, endedAt);
		});
	}

	/**
	 * A worker process an earlier manager started, found again by its arguments. Its exit
	 * code is not known to this manager, which is no child's parent.
	 */
	LocalWorker(ProcessHandle process, Path log, int logTailLines, Duration stopGracePeriod) {
		this.process = process;
		this.name = "pid " + process.pid();
		this.stopGracePeriod = stopGracePeriod;
		this.exit = process.onExit()
			.thenApply((ended) -> new WorkerExit(null,
					"worker process " + ended.pid() + " of an earlier manager ended (exit code unknown)",
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
		ProcessHandle process = this.process;
		process.destroy();
		CompletableFuture.delayedExecutor(this.stopGracePeriod.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
			if (process.isAlive()) {
				process.destroyForcibly();
			}
		});
	}

	void awaitExit() {
		this.exit.join();
	}

}
