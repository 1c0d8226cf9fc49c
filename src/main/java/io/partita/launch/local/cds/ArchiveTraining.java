package io.partita.launch.local.cds;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.partita.launch.local.LocalWorkerCommand;
import io.partita.support.PrivateFiles;
import io.partita.worker.WorkerContract;

import org.springframework.util.FileSystemUtils;

/**
 * The training run Spring Boot documents for class-data sharing: the worker's own command
 * with the archive's training option and {@code -Dspring.context.exit=onRefresh}, in the
 * environment of a worker, so that it loads what a worker loads up to a refreshed context
 * and then exits, writing the archive. It runs no step.
 */
final class ArchiveTraining {

	static final String TRAINING_STEP = "partita-class-data-sharing-training";

	private static final Duration TIMEOUT = Duration.ofMinutes(2);

	private ArchiveTraining() {
	}

	/**
	 * Deletes what the training runs of managers that died on the way left of this
	 * archive: temporary files named after a process no longer alive.
	 */
	private static void deleteLeftovers(Path archive) throws IOException {
		String prefix = archive.getFileName() + ".training-";
		try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(archive.getParent(), prefix + "*")) {
			for (Path leftover : leftovers) {
				String pid = leftover.getFileName().toString().substring(prefix.length());
				if (!pid.matches("\\d+") || ProcessHandle.of(Long.parseLong(pid)).isEmpty()
						|| pid.equals(Long.toString(ProcessHandle.current().pid()))) {
					Files.deleteIfExists(leftover);
				}
			}
		}
	}

	/**
	 * Trains an archive and moves it into place whole, private to its owner.
	 * @param worker the worker's command
	 * @param environment the worker's environment, without its contract
	 * @param format the archive's format
	 * @param archive where the archive goes
	 * @param log the training run's output
	 */
	static void train(LocalWorkerCommand worker, Map<String, String> environment, ArchiveFormat format, Path archive,
			Path log) throws ArchiveException {
		Path next = archive.resolveSibling(archive.getFileName() + ".training-" + ProcessHandle.current().pid());
		List<String> training = new ArrayList<>(format.training(next));
		training.add("-Dspring.context.exit=onRefresh");
		Map<String, String> trainingEnvironment = new HashMap<>(environment);
		trainingEnvironment.putAll(new WorkerContract(1, 1, TRAINING_STEP, 1).toEnvironment());
		try {
			deleteLeftovers(archive);
			int exitCode = JvmProcess.run(worker.withJvmArguments(training).toList(), trainingEnvironment,
					Path.of("").toAbsolutePath(), log, TIMEOUT);
			if (exitCode != 0 || !Files.isRegularFile(next)) {
				throw new ArchiveException("its training run ended with exit code " + exitCode
						+ (Files.isRegularFile(next) ? "" : " and wrote no archive") + "; see " + log);
			}
			PrivateFiles.createFile(next);
			Files.move(next, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new ArchiveException("cannot keep the archive at " + archive + ": " + ex);
		}
		finally {
			// a failed training run's leftover
			FileSystemUtils.deleteRecursively(next.toFile());
		}
	}

}
