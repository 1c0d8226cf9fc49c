package io.partita.launch.local.cds;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.partita.launch.local.LocalWorkerCommand;
import io.partita.launch.local.LocalWorkerCommandDecorator;
import io.partita.support.PrivateFiles;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Starts local workers from a class archive of their class path and JVM: a dynamic
 * class-data-sharing archive, or from Java 25 an AOT cache. The first launch of a manager
 * finds the archive in its directory and has the JVM check it, or makes it with a
 * training run (extracting a Spring Boot executable jar first, since nested jars cannot
 * be archived); every launch after that uses it. A new class path or JVM gets an archive
 * of its own. Whatever goes wrong, workers start without an archive, and the log says why
 * once; an archive the JVM rejects is made again. A class path with directories on it, as
 * in an IDE, is left as it is.
 */
public final class WorkerClassArchives implements LocalWorkerCommandDecorator {

	private static final Log logger = LogFactory.getLog(WorkerClassArchives.class);

	private final Path directory;

	private final ArchiveFormat format;

	private @Nullable Decorated decorated;

	/**
	 * Creates archives in the given directory, in the format of this JVM, which is the
	 * one local workers run on.
	 */
	public WorkerClassArchives(Path directory) {
		this(directory, ArchiveFormat.of(Runtime.version()));
	}

	WorkerClassArchives(Path directory, ArchiveFormat format) {
		this.directory = directory.toAbsolutePath();
		this.format = format;
	}

	@Override
	public synchronized LocalWorkerCommand decorate(LocalWorkerCommand command, Map<String, String> environment) {
		Decorated last = this.decorated;
		if (last == null || !last.command().equals(command)) {
			last = new Decorated(command, prepare(command, environment));
			this.decorated = last;
		}
		return last.result();
	}

	private LocalWorkerCommand prepare(LocalWorkerCommand command, Map<String, String> environment) {
		if (command.jvmArguments().stream().anyMatch(ArchiveFormat::choosesAnArchive)) {
			logger.info("Workers start with the class-data-sharing options of partita.local.jvm-arguments; "
					+ "Partita makes no class archive of its own");
			return command;
		}
		try {
			LocalWorkerCommand worker = command;
			WorkerClassPath classPath = WorkerClassPath.of(command.launchTarget());
			if (classPath.bootExecutableJar()) {
				PrivateFiles.createDirectories(this.directory);
				Path extracted = BootJarExtraction.extract(command.java(), classPath, this.directory);
				worker = command.withLaunchTarget(List.of("-jar", extracted.toString()));
				classPath = WorkerClassPath.of(worker.launchTarget());
			}
			Optional<Path> directoryEntry = classPath.firstNonEmptyDirectory();
			if (directoryEntry.isPresent()) {
				logger.info("Workers start without class-data sharing: their class path holds the directory "
						+ directoryEntry.get() + ", which the JVM cannot archive. Run the application from its jar "
						+ "to have workers start from a class archive.");
				return command;
			}
			PrivateFiles.createDirectories(this.directory);
			return worker.withJvmArguments(this.format.use(archive(worker, classPath, environment)));
		}
		catch (ArchiveException | IOException ex) {
			logger.warn("Workers start without class-data sharing: " + ex.getMessage());
			return command;
		}
		catch (RuntimeException ex) {
			// no worker fails because of its archive
			logger.warn("Workers start without class-data sharing: " + ex, ex);
			return command;
		}
	}

	private Path archive(LocalWorkerCommand worker, WorkerClassPath classPath, Map<String, String> environment)
			throws ArchiveException, IOException {
		String name = classPath.name() + "-" + classPath.key(keyParts(worker));
		Path archive = this.directory.resolve(this.format.fileName(name));
		if (Files.isRegularFile(archive)) {
			Optional<String> rejection = ArchiveCheck.rejection(worker, classPath, this.format, archive);
			if (rejection.isEmpty()) {
				logger.info("Workers start from the class archive " + archive);
				return archive;
			}
			logger.warn("The JVM rejects the workers' class archive " + archive + " (" + rejection.get()
					+ "); making it again");
			Files.delete(archive);
		}
		logger.info("Making the workers' class archive " + archive + " with a training run (once for this "
				+ "class path and JVM)");
		long started = System.nanoTime();
		ArchiveTraining.train(worker, environment, this.format, archive,
				this.directory.resolve(name + ".training.log"));
		Optional<String> rejection = ArchiveCheck.rejection(worker, classPath, this.format, archive);
		if (rejection.isPresent()) {
			Files.delete(archive);
			throw new ArchiveException("the JVM rejects the class archive its training run made (" + rejection.get()
					+ "); see " + this.directory.resolve(name + ".training.log"));
		}
		logger.info("Workers start from the class archive " + archive + ", made in "
				+ Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
		deleteOtherArchives(classPath.name(), archive);
		return archive;
	}

	/**
	 * What else an archive depends on besides the class path: the format, the JVM and its
	 * options (system properties aside, which the archive does not hold).
	 */
	private List<String> keyParts(LocalWorkerCommand worker) {
		List<String> parts = new ArrayList<>(List.of(this.format.name(), worker.java(),
				System.getProperty("java.vm.version", ""), System.getProperty("java.home", "")));
		worker.jvmArguments().stream().filter((argument) -> !argument.startsWith("-D")).forEach(parts::add);
		return parts;
	}

	/**
	 * Deletes the archives of earlier class paths or JVMs of the same application. A JVM
	 * that maps one keeps its copy until it exits.
	 */
	private void deleteOtherArchives(String applicationName, Path current) throws IOException {
		try (DirectoryStream<Path> archives = Files.newDirectoryStream(this.directory,
				this.format.fileName(applicationName + "-" + "?".repeat(WorkerClassPath.KEY_LENGTH)))) {
			for (Path archive : archives) {
				if (!archive.equals(current)) {
					Files.deleteIfExists(archive);
				}
			}
		}
	}

	private record Decorated(LocalWorkerCommand command, LocalWorkerCommand result) {
	}

}
