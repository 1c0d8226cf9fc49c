package io.partita.launch.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.partita.support.PrivateFiles;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Records, beside each worker's log, a pid file with the process id and start time of the
 * worker process, the local counterpart of a worker Job's labels, and finds the recorded
 * processes still alive, such as those of a manager that died. The start time tells a
 * worker from a later process that was given the same id.
 */
final class LocalWorkerProcesses {

	private static final Log logger = LogFactory.getLog(LocalWorkerProcesses.class);

	private static final Pattern PID_FILE = Pattern.compile(".*-(\\d+)-a(\\d+)\\.pid");

	private LocalWorkerProcesses() {
	}

	/**
	 * Records the given worker process in a pid file named after its log file. A worker
	 * that cannot be recorded still runs, but a manager recovering its job execution will
	 * not find it.
	 */
	static void record(Path log, ProcessHandle process) {
		String started = process.info().startInstant().map(Instant::toString).orElse("");
		try {
			Files.writeString(PrivateFiles.createFile(pidFile(log)), process.pid() + " " + started,
					StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			logger.warn("Could not record worker process " + process.pid() + " beside " + log
					+ "; a recovery of its job execution would not find it: " + ex.getMessage());
		}
	}

	/**
	 * Returns the live worker processes recorded in the given directory of one job
	 * execution.
	 */
	static List<Found> findAlive(Path jobExecutionDirectory) {
		try (Stream<Path> files = Files.list(jobExecutionDirectory)) {
			return files.flatMap((file) -> alive(file).stream()).toList();
		}
		catch (NoSuchFileException ex) {
			return List.of();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot look for live workers in " + jobExecutionDirectory, ex);
		}
	}

	private static Optional<Found> alive(Path file) {
		Matcher name = PID_FILE.matcher(file.getFileName().toString());
		if (!name.matches()) {
			return Optional.empty();
		}
		String[] recorded;
		try {
			recorded = Files.readString(file, StandardCharsets.UTF_8).strip().split(" ", 2);
		}
		catch (IOException ex) {
			return Optional.empty();
		}
		String started = (recorded.length > 1) ? recorded[1] : "";
		return ProcessHandle.of(Long.parseLong(recorded[0]))
			.filter(ProcessHandle::isAlive)
			.filter((process) -> started.equals(process.info().startInstant().map(Instant::toString).orElse("")))
			.map((process) -> new Found(process, Long.parseLong(name.group(1)), Integer.parseInt(name.group(2)),
					logFile(file)));
	}

	private static Path pidFile(Path log) {
		return log.resolveSibling(log.getFileName().toString().replaceFirst("\\.log$", ".pid"));
	}

	private static Path logFile(Path pidFile) {
		return pidFile.resolveSibling(pidFile.getFileName().toString().replaceFirst("\\.pid$", ".log"));
	}

	/**
	 * A live worker process, the step execution and attempt it runs, and its log.
	 */
	record Found(ProcessHandle process, long stepExecutionId, int attempt, Path log) {
	}

}
