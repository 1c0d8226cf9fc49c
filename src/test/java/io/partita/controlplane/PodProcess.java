package io.partita.controlplane;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A pod's container run by the {@link NodeAgent} as a local process: in a session of its
 * own (so that stopping the container reaches every process it started, as a container
 * runtime does), with stdout and stderr appended to one log file and a clean environment.
 */
final class PodProcess implements ContainerProcess {

	private static final String SETSID = "/usr/bin/setsid";

	private static final String KILL = "/bin/kill";

	private final Process process;

	private final boolean ownSession;

	private final Instant startedAt;

	private PodProcess(Process process, boolean ownSession, Instant startedAt) {
		this.process = process;
		this.ownSession = ownSession;
		this.startedAt = startedAt;
	}

	/**
	 * Starts a container's command.
	 * @param command the command line
	 * @param environment the whole environment of the process
	 * @param directory the working directory
	 * @param log the file that receives stdout and stderr
	 * @return the running process
	 * @throws IOException if the program cannot be started
	 */
	static PodProcess start(List<String> command, Map<String, String> environment, Path directory, Path log)
			throws IOException {
		boolean ownSession = Files.isExecutable(Path.of(SETSID));
		List<String> line = new ArrayList<>();
		if (ownSession) {
			line.add(SETSID);
		}
		line.addAll(command);
		Files.createDirectories(directory);
		ProcessBuilder builder = new ProcessBuilder(line).directory(directory.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.redirectErrorStream(true);
		builder.environment().clear();
		builder.environment().putAll(environment);
		Instant startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		return new PodProcess(builder.start(), ownSession, startedAt);
	}

	long pid() {
		return this.process.pid();
	}

	@Override
	public Instant startedAt() {
		return this.startedAt;
	}

	@Override
	public boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * The container's end.
	 * @return the exit code: the program's, or 128 + the signal that ended it
	 */
	@Override
	public CompletableFuture<Integer> exit() {
		return this.process.onExit().thenApply(Process::exitValue);
	}

	/**
	 * Sends SIGTERM to the container's main process, as a runtime stopping a container
	 * does.
	 */
	@Override
	public void terminate() {
		this.process.destroy();
	}

	/**
	 * Sends SIGKILL to every process of the container.
	 */
	@Override
	public void kill() {
		if (this.ownSession) {
			try {
				Process kill = new ProcessBuilder(KILL, "-KILL", "--", "-" + pid())
					.redirectOutput(ProcessBuilder.Redirect.DISCARD)
					.redirectError(ProcessBuilder.Redirect.DISCARD)
					.start();
				kill.waitFor(10, TimeUnit.SECONDS);
			}
			catch (IOException ex) {
				// the main process is still killed below
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.process.destroyForcibly();
	}

}
