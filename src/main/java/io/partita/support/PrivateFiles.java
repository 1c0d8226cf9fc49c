package io.partita.support;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Creates the directories and files Partita keeps on disk (the embedded job repository,
 * worker logs and pid files) so that only their owner may read them: directories
 * {@code rwx------}, files {@code rw-------}. On a file system without POSIX permissions
 * they are created as the platform creates them.
 */
public final class PrivateFiles {

	private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

	private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

	private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

	private PrivateFiles() {
	}

	/**
	 * Creates the given directory and any missing parents, each private to its owner.
	 * Directories that exist already are left as they are: they may be shared ones, such
	 * as a temporary directory.
	 * @param directory the directory
	 * @return the directory
	 * @throws IOException if a directory cannot be created or its permissions set
	 */
	public static Path createDirectories(Path directory) throws IOException {
		Path absolute = directory.toAbsolutePath();
		Deque<Path> missing = new ArrayDeque<>();
		for (Path path = absolute; path != null && !Files.exists(path); path = path.getParent()) {
			missing.push(path);
		}
		for (Path path : missing) {
			Files.createDirectories(path, attributes(DIRECTORY));
			// the umask may have taken bits off: the owner needs all three
			restrict(path, DIRECTORY);
		}
		return directory;
	}

	/**
	 * Creates the given file, empty and private to its owner, or makes an existing one
	 * private.
	 * @param file the file
	 * @return the file
	 * @throws IOException if the file cannot be created or its permissions set
	 */
	public static Path createFile(Path file) throws IOException {
		if (!Files.exists(file)) {
			Files.createFile(file, attributes(FILE));
		}
		restrict(file, FILE);
		return file;
	}

	/**
	 * Writes the given content to the file, replacing it at once: readers see the old
	 * content or the new one, and never a file others may read.
	 * @param file the file
	 * @param content the content
	 * @throws IOException if the file cannot be written
	 */
	public static void write(Path file, String content) throws IOException {
		Path next = createFile(file.resolveSibling(file.getFileName() + ".next"));
		Files.writeString(next, content);
		Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	/**
	 * Makes every file directly in the given directory private to its owner.
	 * @param directory the directory
	 * @throws IOException if the directory cannot be listed or a permission set
	 */
	public static void restrictFilesIn(Path directory) throws IOException {
		try (Stream<Path> files = Files.list(directory)) {
			for (Path file : (Iterable<Path>) files::iterator) {
				if (Files.isRegularFile(file)) {
					restrict(file, FILE);
				}
			}
		}
	}

	private static void restrict(Path path, Set<PosixFilePermission> permissions) throws IOException {
		if (POSIX) {
			Files.setPosixFilePermissions(path, permissions);
		}
	}

	private static FileAttribute<?>[] attributes(Set<PosixFilePermission> permissions) {
		return POSIX ? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(permissions) }
				: new FileAttribute<?>[0];
	}

}
