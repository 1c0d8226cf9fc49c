package io.partita.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.partita.sample.LedgerImportApplication;
import io.partita.sample.LedgerTransaction;
import io.partita.test.PostgresSchema;

import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A chaos run of the bundled sample on the local launcher with a PostgreSQL job
 * repository (not a test: {@code ./mvnw -Pchaos verify}). The manager and its workers are
 * processes, as a person runs them; at random moments the run SIGKILLs workers, restarts
 * PostgreSQL, and SIGKILLs the manager, then acts as an operator would: recovers the
 * execution the dead manager left ({@code --partita.recover}) and restarts it if it
 * failed ({@code --partita.restart}). It prints the outcome, the ledger rows expected and
 * found, duplicates, the partitions retried and the recorded reason of every failure.
 * <p>
 * Settings (system properties): {@code chaos.transactions} (200000),
 * {@code chaos.partitions} (16), {@code chaos.worker-kills} (6), {@code chaos.seed}
 * (random), {@code chaos.postgres-cluster} ({@code <version>/<name>} of the cluster to
 * restart, default the newest version's {@code main}: the one the job repository is on,
 * see {@link PostgresSchema}).
 */
public final class LocalChaosRun {

	private static final Pattern FAILURE = Pattern.compile(": (\\S+ \\(worker [^)]*\\)) FAILED after \\d+ ms: (.*)");

	private final Random random;

	private final Path directory;

	private final String url;

	private final JdbcTemplate jdbc;

	private final List<String> events = new ArrayList<>();

	private final List<Path> managerLogs = new ArrayList<>();

	private final Instant startedAt = Instant.now();

	private LocalChaosRun(long seed, Path directory, String url) {
		this.random = new Random(seed);
		this.directory = directory;
		this.url = url;
		this.jdbc = new JdbcTemplate(new DriverManagerDataSource(url, PostgresSchema.USER, PostgresSchema.PASSWORD));
	}

	public static void main(String[] args) throws Exception {
		long transactions = Long.getLong("chaos.transactions", 200_000);
		int partitions = Integer.getInteger("chaos.partitions", 16);
		int workerKills = Integer.getInteger("chaos.worker-kills", 6);
		long seed = Long.getLong("chaos.seed", new Random().nextLong());
		String cluster = System.getProperty("chaos.postgres-cluster", "");
		cluster = cluster.isBlank() ? newestCluster() : cluster;
		Path directory = Files.createDirectories(Path.of("target", "chaos-" + Long.toHexString(seed)));
		LocalChaosRun run = new LocalChaosRun(seed, directory, PostgresSchema.create());
		System.out.printf(
				"Chaos run: %d transactions, %d partitions, %d worker kills, seed %d, PostgreSQL %s, " + "logs in %s%n",
				transactions, partitions, workerKills, seed, cluster, directory);
		run.run(transactions, partitions, workerKills, cluster);
	}

	private void run(long transactions, int partitions, int workerKills, String cluster) throws Exception {
		Process manager = startManager("transactions=" + transactions, "partitions=" + partitions,
				"--partita.retry.max-attempts=10");
		awaitRunningPartitions(Math.min(partitions, 4));
		int beforeManagerKill = workerKills / 2;
		for (int kill = 1; kill <= beforeManagerKill; kill++) {
			pause(2, 8);
			killOneWorker();
			if (kill == 1) {
				restartPostgres(cluster);
			}
		}
		pause(2, 6);
		manager.destroyForcibly().waitFor();
		event("SIGKILL manager pid " + manager.pid());
		killOneWorker();
		long execution = this.jdbc.queryForObject("SELECT MAX(JOB_EXECUTION_ID) FROM BATCH_JOB_EXECUTION", Long.class);
		Process recovery = recover(execution);
		for (int kill = beforeManagerKill + 2; kill <= workerKills; kill++) {
			pause(3, 10);
			killOneWorker();
		}
		int exitCode = recovery.waitFor();
		for (int restarts = 0; exitCode != 0 && restarts < 3; restarts++) {
			long failed = this.jdbc.queryForObject("SELECT MAX(JOB_EXECUTION_ID) FROM BATCH_JOB_EXECUTION", Long.class);
			event("manager exited " + exitCode + "; operator restarts job execution " + failed);
			exitCode = startManager("--partita.restart=" + failed).waitFor();
		}
		report(transactions);
	}

	private Process recover(long execution) throws Exception {
		while (true) {
			Process recovery = startManager("--partita.recover=" + execution, "--partita.recovery.manager-silence=5s");
			event("operator recovers job execution " + execution + " (manager pid " + recovery.pid() + ")");
			Path log = this.managerLogs.get(this.managerLogs.size() - 1);
			while (recovery.isAlive() && !Files.readString(log).contains("to end")) {
				Thread.sleep(200);
			}
			if (recovery.isAlive() || !Files.readString(log).contains("looks alive")) {
				return recovery;
			}
			event("recovery refused: the dead manager's last record is too recent; trying again");
			Thread.sleep(5000);
		}
	}

	private void awaitRunningPartitions(int count) throws InterruptedException {
		while (runningPartitions() < count) {
			Thread.sleep(200);
		}
	}

	private long runningPartitions() {
		try {
			return this.jdbc.queryForObject("SELECT COUNT(*) FROM BATCH_STEP_EXECUTION WHERE STATUS = 'STARTED' "
					+ "AND COMMIT_COUNT > 0 AND STEP_NAME LIKE 'ledgerWorkerStep:%'", Long.class);
		}
		catch (BadSqlGrammarException ex) {
			// the manager has not created the job repository's tables yet
			return 0;
		}
	}

	private void killOneWorker() throws IOException {
		List<ProcessHandle> workers = liveWorkers();
		if (workers.isEmpty()) {
			event("no live worker to kill");
			return;
		}
		ProcessHandle victim = workers.get(this.random.nextInt(workers.size()));
		victim.destroyForcibly();
		event("SIGKILL worker pid " + victim.pid());
	}

	/**
	 * Finds the live workers of every manager of this run by the pid files beside their
	 * logs, orphans of a killed manager included.
	 */
	private List<ProcessHandle> liveWorkers() throws IOException {
		try (Stream<Path> files = Files.walk(this.directory.resolve("workers"))) {
			return files.filter((file) -> file.toString().endsWith(".pid"))
				.map(LocalChaosRun::readQuietly)
				.map((recorded) -> ProcessHandle.of(Long.parseLong(recorded.split(" ")[0])))
				.flatMap(Optional::stream)
				.filter(ProcessHandle::isAlive)
				.toList();
		}
	}

	private void restartPostgres(String cluster) throws Exception {
		String[] versionAndName = cluster.split("/");
		Process restart = new ProcessBuilder("pg_ctlcluster", versionAndName[0], versionAndName[1], "restart")
			.inheritIO()
			.start();
		event("PostgreSQL " + cluster + " restart: exit " + restart.waitFor());
	}

	private Process startManager(String... arguments) throws IOException {
		Path log = this.directory.resolve("manager-" + (this.managerLogs.size() + 1) + ".log");
		this.managerLogs.add(log);
		List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(), "-cp",
				System.getProperty("java.class.path"), LedgerImportApplication.class.getName(),
				"--partita.local.work-directory=workers", "--spring.datasource.url=" + this.url,
				"--spring.datasource.username=" + PostgresSchema.USER,
				"--spring.datasource.password=" + PostgresSchema.PASSWORD));
		command.addAll(List.of(arguments));
		return new ProcessBuilder(command).directory(this.directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
	}

	private void report(long transactions) {
		long expected = Stream.iterate(1L, (id) -> id <= transactions, (id) -> id + 1)
			.filter((id) -> LedgerTransaction.generate(id).isValid())
			.count();
		Map<String, Object> ledger = this.jdbc
			.queryForMap("SELECT COUNT(*) AS ROWS_FOUND, COUNT(DISTINCT TXN_ID) AS IDS FROM LEDGER");
		long found = ((Number) ledger.get("ROWS_FOUND")).longValue();
		long distinct = ((Number) ledger.get("IDS")).longValue();
		String outcome = this.jdbc.queryForObject(
				"SELECT STATUS FROM BATCH_JOB_EXECUTION ORDER BY JOB_EXECUTION_ID DESC LIMIT 1", String.class);
		List<String> failures = new ArrayList<>();
		long retries = 0;
		for (Path log : this.managerLogs) {
			String text = readQuietly(log);
			retries += text.lines().filter((line) -> line.contains("; retrying as attempt")).count();
			Matcher failure = FAILURE.matcher(text);
			while (failure.find()) {
				failures.add(log.getFileName() + ": " + failure.group(1) + ": " + failure.group(2));
			}
		}
		System.out.println();
		System.out
			.println("Chaos run finished in " + Duration.between(this.startedAt, Instant.now()).toSeconds() + " s");
		this.events.forEach((event) -> System.out.println("  " + event));
		System.out.println("Outcome:            " + outcome);
		System.out.println("Ledger rows:        expected " + expected + ", found " + found);
		System.out.println("Duplicates:         " + (found - distinct));
		System.out.println("Manager runs:       " + this.managerLogs.size());
		System.out.println("Partition retries:  " + retries);
		System.out.println("Failures recorded:  " + failures.size());
		failures.forEach((failure) -> System.out.println("  " + failure));
		this.jdbc
			.queryForList("SELECT STEP_EXECUTION_ID, STEP_NAME, EXIT_MESSAGE FROM BATCH_STEP_EXECUTION "
					+ "WHERE STATUS = 'FAILED' ORDER BY STEP_EXECUTION_ID")
			.forEach((row) -> System.out.println("  step execution " + row.get("STEP_EXECUTION_ID") + " "
					+ row.get("STEP_NAME") + ": " + firstLine(String.valueOf(row.get("EXIT_MESSAGE")))));
	}

	private void pause(int minSeconds, int maxSeconds) throws InterruptedException {
		Thread.sleep(1000L * (minSeconds + this.random.nextInt(maxSeconds - minSeconds + 1)));
	}

	private void event(String event) {
		String line = String.format("%6.1f s  %s", Duration.between(this.startedAt, Instant.now()).toMillis() / 1000.0,
				event);
		this.events.add(line);
		System.out.println(line);
	}

	private static String firstLine(String text) {
		return text.strip().lines().findFirst().orElse("");
	}

	private static String readQuietly(Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "";
		}
	}

	private static String newestCluster() {
		try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
			return versions.map((version) -> version.getFileName().toString())
				.max((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)))
				.orElseThrow() + "/main";
		}
		catch (IOException ex) {
			throw new IllegalStateException("No PostgreSQL installed: run bash .ci/postgres first", ex);
		}
	}

}
