package io.partita.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.partita.launch.local.LocalWorkerCommand;

/**
 * Runs a worker command under {@code /usr/bin/time} and reads what it cost: CPU seconds
 * (user and system), wall seconds and peak resident memory.
 */
final class WorkerCosts {

	private final Path directory;

	private int runs;

	WorkerCosts(Path directory) {
		this.directory = directory;
	}

	/**
	 * The context start alone: the worker exits once its context is refreshed
	 * ({@code -Dspring.context.exit=onRefresh}), as a training run does.
	 */
	Cost contextStart(LocalWorkerCommand worker, Map<String, String> environment) throws Exception {
		return run(worker.withJvmArguments(List.of("-Dspring.context.exit=onRefresh")), environment);
	}

	/**
	 * A whole worker's life, start to exit.
	 */
	Cost run(LocalWorkerCommand worker, Map<String, String> environment) throws Exception {
		int run = ++this.runs;
		Path times = this.directory.resolve("time-" + run + ".txt");
		Path log = this.directory.resolve("timed-worker-" + run + ".log");
		List<String> timed = new ArrayList<>(List.of("/usr/bin/time", "-f", "%U %S %e %M", "-o", times.toString()));
		timed.addAll(worker.toList());
		ProcessBuilder builder = new ProcessBuilder(timed).redirectErrorStream(true).redirectOutput(log.toFile());
		builder.environment().putAll(environment);
		Process process = builder.start();
		if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
			throw new IllegalStateException("The measured worker failed; see " + log);
		}
		return Cost.read(times);
	}

	/**
	 * The median by CPU of the given costs.
	 */
	static Cost median(List<Cost> costs) {
		List<Cost> sorted = costs.stream().sorted(Comparator.comparingDouble(Cost::cpuSeconds)).toList();
		return sorted.get(sorted.size() / 2);
	}

	record Cost(double cpuSeconds, double wallSeconds, long peakRssKib) {

		static Cost read(Path times) throws IOException {
			String[] figures = Files.readString(times, StandardCharsets.UTF_8).trim().split("\\s+");
			return new Cost(Double.parseDouble(figures[0]) + Double.parseDouble(figures[1]),
					Double.parseDouble(figures[2]), Long.parseLong(figures[3]));
		}

	}

}
