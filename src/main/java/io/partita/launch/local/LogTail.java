package io.partita.launch.local;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the last lines of a worker's log file without reading the whole file. Stack
 * frames are left out, so the lines kept show the messages and causes.
 */
final class LogTail {

	private static final int MAX_BYTES = 64 * 1024;

	private static final Pattern STACK_FRAME = Pattern.compile("\\s+(at |\\.\\.\\. \\d+ (more|common frames))");

	private LogTail() {
	}

	static List<String> read(Path file, int lines) {
		if (lines <= 0) {
			return List.of();
		}
		try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
			long length = in.length();
			int size = (int) Math.min(length, MAX_BYTES);
			byte[] bytes = new byte[size];
			in.seek(length - size);
			in.readFully(bytes);
			List<String> all = new ArrayList<>(Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\r?\n")));
			if (size < length && !all.isEmpty()) {
				all.remove(0);
			}
			all.removeIf((line) -> line.isBlank() || STACK_FRAME.matcher(line).lookingAt());
			return List.copyOf(all.subList(Math.max(0, all.size() - lines), all.size()));
		}
		catch (IOException ex) {
			return List.of("(log " + file + " could not be read: " + ex.getMessage() + ")");
		}
	}

}
