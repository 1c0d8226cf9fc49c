package io.partita.controlplane;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A work directory that one JVM holds at a time, by a lock on a file beside it, so that
 * two test runs in the same project never start (or stop) a {@link ControlPlane} in the
 * same place: the second takes {@code <name>-2}, and so on. The lock goes with the JVM if
 * it dies.
 */
final class ExclusiveDirectory implements AutoCloseable {

	private static final int MAX_DIRECTORIES = 20;

	private final Path path;

	private final FileChannel channel;

	private ExclusiveDirectory(Path path, FileChannel channel) {
		this.path = path;
		this.channel = channel;
	}

	/**
	 * Takes the first free directory among {@code base}, {@code base-2}, {@code base-3},
	 * ...
	 * @param base the preferred directory
	 * @return the directory, held until closed
	 */
	static ExclusiveDirectory acquire(Path base) {
		try {
			Files.createDirectories(base.getParent());
			for (int i = 1; i <= MAX_DIRECTORIES; i++) {
				Path path = (i == 1) ? base : base.resolveSibling(base.getFileName() + "-" + i);
				FileChannel channel = FileChannel.open(path.resolveSibling(path.getFileName() + ".lock"),
						StandardOpenOption.CREATE, StandardOpenOption.WRITE);
				FileLock lock = channel.tryLock();
				if (lock != null) {
					return new ExclusiveDirectory(path, channel);
				}
				channel.close();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		throw new IllegalStateException("All of " + base + "-* are in use");
	}

	Path path() {
		return this.path;
	}

	@Override
	public void close() {
		try {
			this.channel.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
