package io.partita.launch.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import io.partita.launch.LiveWorker;
import io.partita.launch.Worker;
import io.partita.launch.WorkerLauncher;
import io.partita.launch.WorkerRequest;
import io.partita.worker.WorkerContract;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.util.Assert;

/**
 * A {@link WorkerLauncher} that starts each worker as a child JVM of the same
 * application, with the contract in its environment and its output in a log file of its
 * own. Workers still alive when the launcher is disposed (the manager exits normally) are
 * stopped, so none outlives its manager.
 */
public class LocalWorkerLauncher implements WorkerLauncher, DisposableBean {

	private static final Log logger = LogFactory.getLog(LocalWorkerLauncher.class);

	private final LocalWorkerCommand command;

	private final Path workDirectory;

	private final List<LocalWorkerEnvironment> environments;

	private final int logTailLines;

	private final Duration stopGracePeriod;

	private final Set<LocalWorker> alive = ConcurrentHashMap.newKeySet();

	public LocalWorkerLauncher(LocalWorkerCommand command, Path workDirectory,
			List<LocalWorkerEnvironment> environments, int logTailLines, Duration stopGracePeriod) {
		Assert.notNull(command, "command must not be null");
		Assert.notNull(workDirectory, "workDirectory must not be null");
		this.command = command;
		this.workDirectory = workDirectory;
		this.environments = List.copyOf(environments);
		this.logTailLines = logTailLines;
		this.stopGracePeriod = stopGracePeriod;
	}

	@Override
	public Worker launch(WorkerRequest request) {
		Path log = logFile(request);
		try {
			Files.createDirectories(log.getParent());
			List<String> command = new ArrayList<>(this.command.toList());
			command.add(1, LocalWorkerProcesses.marker(request.contract()));
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
			Map<String, String> environment = builder.environment();
			environment.remove(WorkerContract.STEP_EXECUTION_IDS);
			environment.remove(WorkerContract.JOB_COMPLETION_INDEX);
			this.environments.forEach((contributor) -> environment.putAll(contributor.environment()));
			environment.putAll(request.contract().toEnvironment());
			LocalWorker worker = new LocalWorker(builder.start(), log, this.logTailLines, this.stopGracePeriod);
			this.alive.add(worker);
			worker.exit().thenRun(() -> this.alive.remove(worker));
			return worker;
		}
		catch (IOException | RuntimeException ex) {
			return LocalWorker.failedToLaunch(ex, this.command);
		}
	}

	/**
	 * Finds the worker processes of the given job execution that are still alive, by the
	 * marker in their arguments. They are not stopped when this launcher is disposed:
	 * whoever adopts them does that.
	 */
	@Override
	public List<LiveWorker> findLiveWorkers(long jobExecutionId) {
		return LocalWorkerProcesses.findAlive(jobExecutionId)
			.stream()
			.map((found) -> new LiveWorker(jobExecutionId, found.stepExecutionId(), found.attempt(),
					new LocalWorker(found.process(), logFile(jobExecutionId, found.stepExecutionId(), found.attempt()),
							this.logTailLines, this.stopGracePeriod)))
			.toList();
	}

	private Path logFile(WorkerRequest request) {
		WorkerContract contract = request.contract();
		return jobExecutionDirectory(contract.jobExecutionId())
			.resolve(request.partitionName().replaceAll("[^A-Za-z0-9._-]", "_")
					+ logFileSuffix(contract.stepExecutionId(), contract.attempt()));
	}

	/**
	 * Returns the log file of a worker launched by an earlier manager, found by the step
	 * execution and attempt its name ends with.
	 */
	private Path logFile(long jobExecutionId, long stepExecutionId, int attempt) {
		Path directory = jobExecutionDirectory(jobExecutionId);
		String suffix = logFileSuffix(stepExecutionId, attempt);
		try (Stream<Path> logs = Files.list(directory)) {
			return logs.filter((log) -> log.getFileName().toString().endsWith(suffix))
				.findFirst()
				.orElse(directory.resolve(suffix));
		}
		catch (IOException ex) {
			return directory.resolve(suffix);
		}
	}

	private Path jobExecutionDirectory(long jobExecutionId) {
		return this.workDirectory.resolve("job-execution-" + jobExecutionId);
	}

	private static String logFileSuffix(long stepExecutionId, int attempt) {
		return "-" + stepExecutionId + "-a" + attempt + ".log";
	}

	/**
	 * Returns the workers started by this launcher that have not ended yet.
	 */
	public int aliveCount() {
		return this.alive.size();
	}

	@Override
	public void destroy() {
		if (this.alive.isEmpty()) {
			return;
		}
		logger.info("Stopping " + this.alive.size() + " local worker(s) before the manager exits");
		List<LocalWorker> workers = List.copyOf(this.alive);
		workers.forEach(LocalWorker::stop);
		workers.forEach(LocalWorker::awaitExit);
	}

}
