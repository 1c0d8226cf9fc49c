package io.partita.launch.local.cds;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.partita.support.PrivateFiles;
import io.partita.worker.WorkerContract;

/**
 * Runs one short-lived JVM of the archive's making (an extraction, a training run, a
 * check) with its output in a private file, and waits for it within a time limit.
 */
final class JvmProcess {

	private JvmProcess() {
	}

	/**
	 * Runs the command and returns its exit code.
	 * @throws ArchiveException if it cannot start or does not end in time (it is then
	 * killed)
	 */
	static int run(List<String> command, Map<String, String> environment, Path workingDirectory, Path output,
			Duration timeout) throws ArchiveException {
		try {
			ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(PrivateFiles.createFile(output).toFile());
			// a manager that is itself a worker's descendant must not pass its contract
			// on
			WorkerContract.variables().forEach(builder.environment()::remove);
			builder.environment().putAll(environment);
			Process process = builder.start();
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				throw new ArchiveException(
						"'" + String.join(" ", command) + "' did not end within " + timeout + "; see " + output);
			}
			return process.exitValue();
		}
		catch (IOException ex) {
			throw new ArchiveException("cannot run " + command.get(0) + ": " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ArchiveException("interrupted while waiting for " + command.get(0));
		}
	}

}
