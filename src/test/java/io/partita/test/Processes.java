package io.partita.test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What tests and harnesses do to the processes they start: signal them as a person or the
 * kernel would, and read what they wrote.
 */
public final class Processes {

	private Processes() {
	}

	/**
	 * Sends a signal, such as {@code STOP} or {@code CONT}, to the given processes.
	 * @throws IllegalStateException if {@code kill} fails
	 */
	public static void signal(String signal, List<ProcessHandle> processes) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
		processes.forEach((process) -> command.add(Long.toString(process.pid())));
		int exitCode = new ProcessBuilder(command).inheritIO().start().waitFor();
		if (exitCode != 0) {
			throw new IllegalStateException(String.join(" ", command) + " exited with " + exitCode);
		}
	}

	/**
	 * Returns the content of a file, or a line saying why it could not be read.
	 */
	public static String readQuietly(Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "(" + file + " could not be read: " + ex.getMessage() + ")";
		}
	}

}
