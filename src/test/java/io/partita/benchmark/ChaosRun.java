package io.partita.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.partita.sample.LedgerImportApplication;
import io.partita.sample.LedgerTransaction;
import io.partita.test.PostgresSchema;
import io.partita.test.Processes;

import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A chaos run of the bundled sample with a PostgreSQL job repository (not a test): the
 * manager is a process, as a person runs it, and at random moments the run SIGKILLs
 * workers, restarts PostgreSQL, and SIGKILLs the manager, then acts as an operator would:
 * recovers the execution the dead manager left ({@code --partita.recover}) and restarts
 * it if it failed ({@code --partita.restart}). It prints the outcome, the ledger rows
 * expected and found, duplicates, the partitions retried and the recorded reason of every
 * failure. A subclass says where the workers run and how to find them.
 * <p>
 * Settings (system properties): {@code chaos.transactions} (200000),
 * {@code chaos.partitions} (16), {@code chaos.worker-kills} (6), {@code chaos.seed}
 * (random), {@code chaos.postgres-cluster} ({@code <version>/<name>} of the cluster to
 * restart, default the newest version's {@code main}: the one the job repository is on,
 * see {@link PostgresSchema}).
 */
abstract class ChaosRun {

	private static final Pattern FAILURE = Pattern.compile(": (\\S+ \\(worker [^)]*\\)) FAILED after \\d+ ms: (.*)");

	protected final Random random;

	protected final Path directory;

	protected final String url;

	private final JdbcTemplate jdbc;

	private final List<String> events = new ArrayList<>();

	private final List<Path> managerLogs = new ArrayList<>();

	private final Instant startedAt = Instant.now();

	protected ChaosRun(Settings settings, Path directory, String url) {
		this.random = new Random(settings.seed());
		this.directory = directory;
		this.url = url;
		this.jdbc = new JdbcTemplate(new DriverManagerDataSource(url, PostgresSchema.USER, PostgresSchema.PASSWORD));
	}

	/**
	 * The manager's JVM options, before its class path.
	 */
	protected abstract List<String> managerJvmOptions();

	/**
	 * The manager's arguments that choose and configure its launcher.
	 */
	protected abstract List<String> launcherArguments();

	/**
	 * The manager's environment beyond this JVM's own.
	 */
	protected Map<String, String> managerEnvironment() {
		return Map.of();
	}

	/**
	 * The live workers of every manager of this run, orphans of a killed manager
	 * included.
	 */
	protected abstract List<ProcessHandle> liveWorkers() throws IOException;

	/**
	 * A disruption of the platform beyond a SIGKILL, done once early in the run.
	 */
	protected void disruptPlatform() throws Exception {
	}

	/**
	 * Prints what the platform injected or saw, after the run's own figures.
	 */
	protected void reportPlatform() {
	}

	final void run(Settings settings) throws Exception {
		Process manager = startManager("transactions=" + settings.transactions(),
				"partitions=" + settings.partitions());
		awaitRunningPartitions(manager, Math.min(settings.partitions(), 2));
		int beforeManagerKill = settings.workerKills() / 2;
		for (int kill = 1; kill <= beforeManagerKill; kill++) {
			pause(2, 8);
			killOneWorker();
			if (kill == 1) {
				restartPostgres(settings.postgresCluster());
			}
			if (kill == 2) {
				disruptPlatform();
			}
		}
		pause(2, 6);
		manager.destroyForcibly().waitFor();
		event("SIGKILL manager pid " + manager.pid());
		killOneWorker();
		long execution = this.jdbc.queryForObject("SELECT MAX(JOB_EXECUTION_ID) FROM BATCH_JOB_EXECUTION", Long.class);
		Process recovery = recover(execution);
		for (int kill = beforeManagerKill + 2; kill <= settings.workerKills(); kill++) {
			pause(3, 10);
			killOneWorker();
		}
		int exitCode = recovery.waitFor();
		for (int runs = 0; exitCode != 0 && runs < 3; runs++) {
			Map<String, Object> last = this.jdbc.queryForMap(
					"SELECT JOB_EXECUTION_ID, STATUS FROM BATCH_JOB_EXECUTION ORDER BY JOB_EXECUTION_ID DESC LIMIT 1");
			long id = ((Number) last.get("JOB_EXECUTION_ID")).longValue();
			if ("STARTED".equals(last.get("STATUS"))) {
				event("manager exited " + exitCode + " leaving job execution " + id + " STARTED");
				exitCode = recover(id).waitFor();
			}
			else {
				event("manager exited " + exitCode + "; operator restarts job execution " + id);
				exitCode = startManager("--partita.restart=" + id).waitFor();
			}
		}
		report(settings.transactions());
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

	private void awaitRunningPartitions(Process manager, int count) throws InterruptedException {
		Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
		while (runningPartitions() < count) {
			if (!manager.isAlive()) {
				throw new IllegalStateException("The manager exited " + manager.exitValue() + " before the chaos: see "
						+ this.managerLogs.get(0));
			}
			if (Instant.now().isAfter(deadline)) {
				throw new IllegalStateException("Fewer than " + count
						+ " partitions ran at once within 10 minutes; see " + this.managerLogs.get(0));
			}
			Thread.sleep(200);
		}
		event(count + " partitions running");
	}

	private long runningPartitions() {
		try {
			return this.jdbc.queryForObject("SELECT COUNT(*) FROM BATCH_STEP_EXECUTION WHERE STATUS = 'STARTED' "
					+ "AND STEP_NAME LIKE 'ledgerWorkerStep:%'", Long.class);
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
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElseThrow());
		command.addAll(managerJvmOptions());
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), LedgerImportApplication.class.getName(),
				"--spring.datasource.url=" + this.url, "--spring.datasource.username=" + PostgresSchema.USER,
				"--spring.datasource.password=" + PostgresSchema.PASSWORD, "--partita.retry.max-attempts=10"));
		command.addAll(launcherArguments());
		command.addAll(List.of(arguments));
		ProcessBuilder builder = new ProcessBuilder(command).directory(this.directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().putAll(managerEnvironment());
		return builder.start();
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
		for (Path log : this.managerLogs) {
			String text = Processes.readQuietly(log);
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
		System.out.println("Partition retries:  " + managerLogLines("; retrying as attempt"));
		System.out.println("Failures recorded:  " + failures.size());
		failures.forEach((failure) -> System.out.println("  " + failure));
		this.jdbc
			.queryForList("SELECT STEP_EXECUTION_ID, STEP_NAME, EXIT_MESSAGE FROM BATCH_STEP_EXECUTION "
					+ "WHERE STATUS = 'FAILED' ORDER BY STEP_EXECUTION_ID")
			.forEach((row) -> System.out.println("  step execution " + row.get("STEP_EXECUTION_ID") + " "
					+ row.get("STEP_NAME") + ": " + firstLine(String.valueOf(row.get("EXIT_MESSAGE")))));
		reportPlatform();
	}

	/**
	 * How many lines of every manager's log contain the given text.
	 */
	protected final long managerLogLines(String text) {
		return this.managerLogs.stream()
			.flatMap((log) -> Processes.readQuietly(log).lines())
			.filter((line) -> line.contains(text))
			.count();
	}

	private void pause(int minSeconds, int maxSeconds) throws InterruptedException {
		Thread.sleep(1000L * (minSeconds + this.random.nextInt(maxSeconds - minSeconds + 1)));
	}

	protected final void event(String event) {
		String line = String.format("%6.1f s  %s", Duration.between(this.startedAt, Instant.now()).toMillis() / 1000.0,
				event);
		this.events.add(line);
		System.out.println(line);
	}

	private static String firstLine(String text) {
		return text.strip().lines().findFirst().orElse("");
	}

	/**
	 * The run's shape, from system properties.
	 */
	record Settings(long transactions, int partitions, int workerKills, long seed, String postgresCluster) {

		static Settings fromSystemProperties() {
			String cluster = System.getProperty("chaos.postgres-cluster", "");
			return new Settings(Long.getLong("chaos.transactions", 200_000), Integer.getInteger("chaos.partitions", 16),
					Integer.getInteger("chaos.worker-kills", 6), Long.getLong("chaos.seed", new Random().nextLong()),
					cluster.isBlank() ? newestCluster() : cluster);
		}

		/**
		 * A directory of its own under {@code target}, named after the seed.
		 */
		Path directory(String prefix) throws IOException {
			return Files.createDirectories(Path.of("target", prefix + "-" + Long.toHexString(this.seed)))
				.toAbsolutePath();
		}

		void print(String launcher, Path directory) {
			System.out.printf(
					"Chaos run on the %s launcher: %d transactions, %d partitions, %d worker kills, seed %d, "
							+ "PostgreSQL %s, logs in %s%n",
					launcher, this.transactions, this.partitions, this.workerKills, this.seed, this.postgresCluster,
					directory);
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

}
