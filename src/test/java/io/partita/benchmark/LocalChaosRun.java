package io.partita.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.partita.test.PostgresSchema;
import io.partita.test.Processes;

/**
 * The {@link ChaosRun} on the local launcher ({@code ./mvnw -Pchaos verify}): the manager
 * and its workers are processes of this machine, found by the pid files beside the
 * workers' logs.
 */
public final class LocalChaosRun extends ChaosRun {

	private LocalChaosRun(Settings settings, Path directory, String url) {
		super(settings, directory, url);
	}

	public static void main(String[] args) throws Exception {
		Settings settings = Settings.fromSystemProperties();
		Path directory = settings.directory("chaos");
		settings.print("local", directory);
		new LocalChaosRun(settings, directory, PostgresSchema.create()).run(settings);
	}

	@Override
	protected List<String> managerJvmOptions() {
		return List.of();
	}

	@Override
	protected List<String> launcherArguments() {
		return List.of("--partita.local.work-directory=workers");
	}

	@Override
	protected List<ProcessHandle> liveWorkers() throws IOException {
		try (Stream<Path> files = Files.walk(this.directory.resolve("workers"))) {
			return files.filter((file) -> file.toString().endsWith(".pid"))
				.map(Processes::readQuietly)
				.filter((recorded) -> !recorded.startsWith("("))
				.map((recorded) -> ProcessHandle.of(Long.parseLong(recorded.split(" ")[0])))
				.flatMap(Optional::stream)
				.filter(ProcessHandle::isAlive)
				.toList();
		}
	}

}
