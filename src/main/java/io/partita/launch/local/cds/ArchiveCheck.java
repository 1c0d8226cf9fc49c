package io.partita.launch.local.cds;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.partita.launch.local.LocalWorkerCommand;

import org.springframework.util.FileSystemUtils;

/**
 * Asks the JVM whether it can start a worker from an archive: {@code java -version} with
 * the worker's JVM options, class path and the archive required. An archive the JVM
 * rejects outright would only make workers start without it, but a damaged one can crash
 * the JVM that maps it, so no worker gets an archive this check has not passed.
 */
final class ArchiveCheck {

	private static final Duration TIMEOUT = Duration.ofMinutes(1);

	private static final int REASON_LINES = 2;

	private ArchiveCheck() {
	}

	/**
	 * Returns why the JVM rejects the archive, or nothing when it starts from it.
	 */
	static Optional<String> rejection(LocalWorkerCommand worker, WorkerClassPath classPath, ArchiveFormat format,
			Path archive) throws ArchiveException {
		Path directory = archive.toAbsolutePath().getParent();
		Path output = directory.resolve(archive.getFileName() + ".check.log");
		Path errorFile = directory.resolve(archive.getFileName() + ".check-crash.log");
		List<String> command = new ArrayList<>(List.of(worker.java()));
		worker.jvmArguments().stream().filter((argument) -> !argument.startsWith("-D")).forEach(command::add);
		command.addAll(format.require(archive));
		command.addAll(List.of("-XX:ErrorFile=" + errorFile, "-XX:-CreateCoredumpOnCrash", "-cp", classPath.argument(),
				"-version"));
		try {
			int exitCode = JvmProcess.run(command, Map.of(), directory, output, TIMEOUT);
			return (exitCode != 0) ? Optional.of("exit code " + exitCode + ": " + reason(output)) : Optional.empty();
		}
		finally {
			FileSystemUtils.deleteRecursively(output.toFile());
			FileSystemUtils.deleteRecursively(errorFile.toFile());
		}
	}

	/**
	 * The JVM's first words on the matter, from an error message or a crash report.
	 */
	private static String reason(Path output) {
		try {
			return Files.readAllLines(output, StandardCharsets.UTF_8)
				.stream()
				.map((line) -> line.replaceFirst("^#\\s*", "").strip())
				.filter((line) -> !line.isEmpty())
				.limit(REASON_LINES)
				.collect(Collectors.joining(" "));
		}
		catch (IOException ex) {
			return "no output";
		}
	}

}
