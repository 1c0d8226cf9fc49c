package io.partita.launch.local.cds;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.util.FileSystemUtils;

/**
 * Extracts a Spring Boot executable jar into the layout class-data sharing can read (an
 * application jar and its {@code lib/} beside it) with Spring Boot's own tools jar mode,
 * {@code java -Djarmode=tools -jar app.jar extract}, once per jar.
 */
final class BootJarExtraction {

	private static final Duration TIMEOUT = Duration.ofMinutes(2);

	private BootJarExtraction() {
	}

	/**
	 * Returns the extracted application jar, extracting it first unless an earlier
	 * manager did.
	 * @param java the Java executable
	 * @param jar the executable jar
	 * @param directory the directory extractions are kept in
	 */
	static Path extract(String java, WorkerClassPath jar, Path directory) throws ArchiveException {
		String name = jar.name() + "-" + jar.key(List.of());
		Path destination = directory.resolve(name);
		Path applicationJar = destination.resolve(jar.name() + ".jar");
		if (Files.isRegularFile(applicationJar)) {
			return applicationJar;
		}
		Path next = directory.resolve(name + ".extracting-" + ProcessHandle.current().pid());
		Path log = directory.resolve(name + ".extract.log");
		try {
			FileSystemUtils.deleteRecursively(next.toFile());
			int exitCode = JvmProcess.run(List.of(java, "-Djarmode=tools", "-jar",
					Path.of(jar.argument()).toAbsolutePath().toString(), "extract", "--destination", next.toString()),
					Map.of(), directory, log, TIMEOUT);
			if (exitCode != 0 || !Files.isRegularFile(next.resolve(jar.name() + ".jar"))) {
				throw new ArchiveException(
						"extracting " + jar.argument() + " ended with exit code " + exitCode + "; see " + log);
			}
			Files.move(next, destination, StandardCopyOption.ATOMIC_MOVE);
			Files.deleteIfExists(log);
			return applicationJar;
		}
		catch (IOException ex) {
			if (Files.isRegularFile(applicationJar)) {
				// another manager extracted the same jar meanwhile
				return applicationJar;
			}
			throw new ArchiveException("cannot extract " + jar.argument() + " into " + destination + ": " + ex);
		}
		finally {
			// a failed extraction's leftover
			FileSystemUtils.deleteRecursively(next.toFile());
		}
	}

}
