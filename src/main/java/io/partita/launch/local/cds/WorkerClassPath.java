package io.partita.launch.local.cds;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * The class path of a worker's launch target ({@code -cp <class path> <main class>} or
 * {@code -jar <jar>}), as the JVM's class-data sharing sees it: the entries it validates
 * an archive against, in order.
 *
 * @param name a short name for the application, for file names
 * @param argument the class path as given to {@code -cp}, or the jar given to
 * {@code -jar}
 * @param entries the class path entries, with the jar's manifest {@code Class-Path} after
 * it
 * @param bootExecutableJar whether {@code -jar} names a Spring Boot executable jar, whose
 * nested jars no archive can hold
 */
record WorkerClassPath(String name, String argument, List<Path> entries, boolean bootExecutableJar) {

	static final int KEY_LENGTH = 12;

	static WorkerClassPath of(List<String> launchTarget) {
		if (launchTarget.size() == 2 && launchTarget.get(0).equals("-jar")) {
			Path jar = Path.of(launchTarget.get(1));
			Manifest manifest = manifest(jar);
			Attributes attributes = (manifest != null) ? manifest.getMainAttributes() : new Attributes();
			List<Path> entries = new ArrayList<>(List.of(jar));
			String manifestClassPath = attributes.getValue(Attributes.Name.CLASS_PATH);
			if (manifestClassPath != null) {
				Path base = jar.toAbsolutePath().getParent();
				Arrays.stream(manifestClassPath.trim().split("\\s+")).map(base::resolve).forEach(entries::add);
			}
			String fileName = jar.getFileName().toString();
			return new WorkerClassPath(fileName.replaceFirst("\\.jar$", ""), launchTarget.get(1), entries,
					attributes.getValue("Spring-Boot-Lib") != null);
		}
		if (launchTarget.size() == 3 && launchTarget.get(0).equals("-cp")) {
			String mainClass = launchTarget.get(2);
			List<Path> entries = Arrays.stream(launchTarget.get(1).split(File.pathSeparator))
				.filter((entry) -> !entry.isEmpty())
				.map(Path::of)
				.toList();
			return new WorkerClassPath(mainClass.substring(mainClass.lastIndexOf('.') + 1), launchTarget.get(1),
					entries, false);
		}
		throw new IllegalArgumentException("Not a launch target: " + launchTarget);
	}

	/**
	 * The first directory on the class path that holds anything: the JVM archives no
	 * class path with one.
	 */
	Optional<Path> firstNonEmptyDirectory() {
		return this.entries.stream().filter(WorkerClassPath::isNonEmptyDirectory).findFirst();
	}

	/**
	 * A short hash of the entries, their sizes and modification times, and the given
	 * parts: it changes when any of them does.
	 */
	String key(List<String> parts) throws ArchiveException {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			parts.forEach((part) -> update(digest, part));
			for (Path entry : this.entries) {
				update(digest, entry.toAbsolutePath().toString());
				if (Files.isRegularFile(entry)) {
					update(digest, Files.size(entry) + "@" + Files.getLastModifiedTime(entry).toMillis());
				}
			}
			return HexFormat.of().formatHex(digest.digest()).substring(0, KEY_LENGTH);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
		catch (IOException ex) {
			throw new ArchiveException("cannot read the class path: " + ex.getMessage());
		}
	}

	private static void update(MessageDigest digest, String part) {
		digest.update(part.getBytes(StandardCharsets.UTF_8));
		digest.update((byte) 0);
	}

	private static boolean isNonEmptyDirectory(Path entry) {
		if (!Files.isDirectory(entry)) {
			return false;
		}
		try (Stream<Path> children = Files.list(entry)) {
			return children.findAny().isPresent();
		}
		catch (IOException ex) {
			return true;
		}
	}

	private static @Nullable Manifest manifest(Path jar) {
		try (JarFile file = new JarFile(jar.toFile())) {
			return file.getManifest();
		}
		catch (IOException ex) {
			return null;
		}
	}

}
