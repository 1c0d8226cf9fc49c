package io.partita.test;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * This JVM's class path with each directory on it ({@code target/classes},
 * {@code target/test-classes}) packed into a jar, as an application run from its jars has
 * it: the class path the JVM's class-data sharing can archive.
 */
public final class JarClassPath {

	private JarClassPath() {
	}

	/**
	 * Packs the directories of this JVM's class path into jars in the given directory and
	 * returns the class path with the jars in their place.
	 */
	public static String of(Path jars) {
		try {
			Files.createDirectories(jars);
			List<String> entries = new ArrayList<>();
			int packed = 0;
			for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
				Path path = Path.of(entry);
				if (Files.isDirectory(path)) {
					Path jar = jars.resolve("directory-" + packed++ + ".jar");
					pack(path, jar);
					entries.add(jar.toString());
				}
				else {
					entries.add(entry);
				}
			}
			return String.join(File.pathSeparator, entries);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void pack(Path directory, Path jar) throws IOException {
		try (OutputStream file = Files.newOutputStream(jar);
				JarOutputStream out = new JarOutputStream(file);
				Stream<Path> paths = Files.walk(directory)) {
			for (Path path : (Iterable<Path>) paths.sorted()::iterator) {
				String name = directory.relativize(path).toString().replace(File.separatorChar, '/');
				if (name.isEmpty()) {
					continue;
				}
				if (Files.isDirectory(path)) {
					out.putNextEntry(new JarEntry(name + "/"));
				}
				else {
					out.putNextEntry(new JarEntry(name));
					Files.copy(path, out);
				}
				out.closeEntry();
			}
		}
	}

}
