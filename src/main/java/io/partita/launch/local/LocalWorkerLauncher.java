package io.partita.launch.local;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.partita.launch.LiveWorker;
import io.partita.launch.Worker;
import io.partita.launch.WorkerLauncher;
import io.partita.launch.WorkerRequest;
import io.partita.support.PrivateFiles;
import io.partita.worker.WorkerContract;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.util.Assert;

/**
 * A {@link WorkerLauncher} that starts each worker as a child JVM of the same
 * application, with the contract in its environment and its output in a log file of its
 * own, which only the owner may read. The command is the application's, as the
 * {@link LocalWorkerCommandDecorator} (such as the class archives of
 * {@link io.partita.launch.local.cds.WorkerClassArchives}) has it. Workers still alive
 * when the launcher is disposed (the manager exits normally) are stopped, so none
 * outlives its manager.
 */
public class LocalWorkerLauncher implements WorkerLauncher, DisposableBean {

	private static final Log logger = LogFactory.getLog(LocalWorkerLauncher.class);

	private final LocalWorkerCommand command;

	private final Path workDirectory;

	private final LocalWorkerCommandDecorator commandDecorator;

	private final List<LocalWorkerEnvironment> environments;

	private final int logTailLines;

	private final Duration stopGracePeriod;

	private final Set<LocalWorker> alive = ConcurrentHashMap.newKeySet();

	public LocalWorkerLauncher(LocalWorkerCommand command, LocalWorkerCommandDecorator commandDecorator,
			Path workDirectory, List<LocalWorkerEnvironment> environments, int logTailLines, Duration stopGracePeriod) {
		Assert.notNull(command, "command must not be null");
		Assert.notNull(commandDecorator, "commandDecorator must not be null");
		Assert.notNull(workDirectory, "workDirectory must not be null");
		this.command = command;
		this.commandDecorator = commandDecorator;
		this.workDirectory = workDirectory;
		this.environments = List.copyOf(environments);
		this.logTailLines = logTailLines;
		this.stopGracePeriod = stopGracePeriod;
	}

	@Override
	public Worker launch(WorkerRequest request) {
		Path log = logFile(request);
		LocalWorkerCommand command = this.command;
		try {
			Map<String, String> contributed = new HashMap<>();
			this.environments.forEach((contributor) -> contributed.putAll(contributor.environment()));
			command = this.commandDecorator.decorate(this.command, contributed);
			PrivateFiles.createDirectories(log.getParent());
			PrivateFiles.createFile(log);
			ProcessBuilder builder = new ProcessBuilder(command.toList()).redirectErrorStream(true)
				.redirectOutput(log.toFile());
			Map<String, String> environment = builder.environment();
			WorkerContract.variables().forEach(environment::remove);
			environment.putAll(contributed);
			environment.putAll(request.contract().toEnvironment());
			Process process = builder.start();
			LocalWorker worker = new LocalWorker(process, log, this.logTailLines, this.stopGracePeriod);
			LocalWorkerProcesses.record(log, process.toHandle());
			this.alive.add(worker);
			worker.exit().thenRun(() -> this.alive.remove(worker));
			return worker;
		}
		catch (IOException | RuntimeException ex) {
			return LocalWorker.failedToLaunch(ex, command);
		}
	}

	/**
	 * Finds the worker processes of the given job execution that are still alive, by the
	 * pid files beside their logs. They are not stopped when this launcher is disposed:
	 * whoever adopts them does that.
	 */
	@Override
	public List<LiveWorker> findLiveWorkers(long jobExecutionId) {
		return LocalWorkerProcesses.findAlive(jobExecutionDirectory(jobExecutionId))
			.stream()
			.map((found) -> new LiveWorker(jobExecutionId, found.stepExecutionId(), found.attempt(),
					new LocalWorker(found.process(), found.log(), this.logTailLines, this.stopGracePeriod)))
			.toList();
	}

	private Path logFile(WorkerRequest request) {
		WorkerContract contract = request.contract();
		String name = request.partitionName().replaceAll("[^A-Za-z0-9._-]", "_") + "-" + contract.stepExecutionId()
				+ "-a" + contract.attempt() + ".log";
		return jobExecutionDirectory(contract.jobExecutionId()).resolve(name);
	}

	private Path jobExecutionDirectory(long jobExecutionId) {
		return this.workDirectory.resolve("job-execution-" + jobExecutionId);
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
