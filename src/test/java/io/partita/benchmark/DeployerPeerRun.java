package io.partita.benchmark;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the peer, Spring Cloud Task's {@code DeployerPartitionHandler} with the local
 * deployer ({@code src/benchmark/deployer-peer}, which the benchmark profile builds), on
 * the same trivial partitions, and reads the wall time it prints.
 */
final class DeployerPeerRun {

	private static final Pattern WALL_TIME = Pattern.compile("DeployerPartitionHandler peer: COMPLETED in ([\\d.]+) s");

	private DeployerPeerRun() {
	}

	/**
	 * Returns the peer's wall time in seconds, or nothing when there is no peer jar.
	 */
	static OptionalDouble wallSeconds(String jar, int partitions, int workers, Path directory) throws Exception {
		if (jar.isBlank() || !Files.isRegularFile(Path.of(jar))) {
			System.out.println("The DeployerPartitionHandler peer is not run: no jar at '" + jar
					+ "' (./mvnw -f src/benchmark/deployer-peer package builds it)");
			return OptionalDouble.empty();
		}
		Path peer = Files.createDirectories(directory.resolve("deployer-peer"));
		Path log = peer.resolve("peer.log");
		ProcessBuilder builder = new ProcessBuilder(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
						Path.of(jar).toAbsolutePath().toString(), "--partitions=" + partitions, "--workers=" + workers))
			.directory(peer.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		// one database every process of the peer reaches: H2's automatic mixed mode
		builder.environment().put("SPRING_DATASOURCE_URL", "jdbc:h2:file:" + peer.resolve("db") + ";AUTO_SERVER=TRUE");
		Process process = builder.start();
		// the peer never notices a worker that died: it would poll for ever
		if (!process.waitFor(60, TimeUnit.MINUTES)) {
			process.destroyForcibly();
			throw new IllegalStateException(
					"The DeployerPartitionHandler peer did not end within 60 minutes; see " + log);
		}
		Matcher wallTime = WALL_TIME.matcher(Files.readString(log, StandardCharsets.UTF_8));
		if (process.exitValue() != 0 || !wallTime.find()) {
			throw new IllegalStateException("The DeployerPartitionHandler peer failed; see " + log);
		}
		return OptionalDouble.of(Double.parseDouble(wallTime.group(1)));
	}

}
