package io.partita.controlplane;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the shell scripts in {@code src/test/controlplane} that build, start and stop the
 * {@link ControlPlane}, with their diagnostics appended to {@code scripts.log} in the
 * work directory.
 */
final class ControlPlaneScripts {

	private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(30);

	private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

	private static final Duration STOP_TIMEOUT = Duration.ofMinutes(1);

	private final Path scripts;

	private final Path workDirectory;

	ControlPlaneScripts(Path scripts, Path workDirectory) {
		this.scripts = scripts;
		this.workDirectory = workDirectory;
	}

	/**
	 * Builds the control plane binaries, or finds them already built.
	 * @return the directory holding etcd, kube-apiserver, kube-controller-manager and
	 * kubectl
	 */
	Path build() {
		return Path.of(run(BUILD_TIMEOUT, Map.of(), "build-control-plane.sh"));
	}

	/**
	 * Starts etcd, kube-apiserver and kube-controller-manager; a watchdog stops them when
	 * this JVM exits.
	 * @param binaries the directory returned by {@link #build()}
	 * @return the admin kubeconfig
	 */
	Path start(Path binaries) {
		Map<String, String> environment = Map.of("PARTITA_CONTROL_PLANE_OWNER_PID",
				Long.toString(ProcessHandle.current().pid()));
		return Path.of(run(START_TIMEOUT, environment, "start-control-plane.sh", binaries.toString(),
				this.workDirectory.toString()));
	}

	/**
	 * Stops whatever an earlier start left running in the work directory; does nothing
	 * when nothing runs.
	 */
	void stop() {
		run(STOP_TIMEOUT, Map.of(), "stop-control-plane.sh", this.workDirectory.toString());
	}

	/**
	 * The last lines of each component's log and of the scripts' own output, for failure
	 * messages.
	 * @param lines how many lines of each file
	 * @return the tails, each under a {@code ==> file <==} header
	 */
	String logTails(int lines) {
		List<Path> files = new ArrayList<>();
		Path logs = this.workDirectory.resolve("logs");
		if (Files.isDirectory(logs)) {
			try (Stream<Path> list = Files.list(logs)) {
				list.filter((file) -> file.toString().endsWith(".log")).sorted().forEach(files::add);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		files.add(scriptsLog());
		StringBuilder tails = new StringBuilder();
		for (Path file : files) {
			tails.append("==> ").append(file).append(" <==\n").append(tail(file, lines));
		}
		return tails.toString();
	}

	private String run(Duration timeout, Map<String, String> environment, String script, String... arguments) {
		List<String> command = new ArrayList<>(List.of("bash", this.scripts.resolve(script).toString()));
		command.addAll(List.of(arguments));
		try {
			Files.createDirectories(this.workDirectory);
			Path output = Files.createTempFile(this.workDirectory, script, ".out");
			ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(output.toFile())
				.redirectError(ProcessBuilder.Redirect.appendTo(scriptsLog().toFile()));
			builder.environment().putAll(environment);
			Process process = builder.start();
			process.getOutputStream().close();
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(script + " did not finish within " + timeout);
			}
			List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
			Files.delete(output);
			if (process.exitValue() != 0) {
				throw new IllegalStateException(script + " exited with " + process.exitValue());
			}
			return lines.isEmpty() ? "" : lines.get(lines.size() - 1).trim();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not run " + script, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while running " + script, ex);
		}
	}

	private Path scriptsLog() {
		return this.workDirectory.resolve("scripts.log");
	}

	private static String tail(Path file, int lines) {
		try {
			if (!Files.isRegularFile(file)) {
				return "(missing)\n";
			}
			List<String> all = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
			return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())) + "\n";
		}
		catch (IOException ex) {
			return "(unreadable: " + ex.getMessage() + ")\n";
		}
	}

}
