package io.partita.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.partita.test.PostgresSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bundled sample run the way a person runs it: the manager is a process of its own,
 * started from the command line, and each partition a child process of it.
 */
class LedgerImportCommandLineTests {

	private static final Pattern RESTART_HINT = Pattern.compile("--partita.restart=(\\d+)");

	private static final Pattern WORKER_ENDED = Pattern
		.compile("Worker pid \\d+ of step execution \\d+ ended: worker process \\d+ of an earlier manager ended");

	@TempDir
	private Path workDirectory;

	@Test
	void failedPartitionIsRestartedFromItsSavedPositionLeavingExactlyTheExpectedLedger() throws Exception {
		String url = PostgresSchema.create();

		Run failed = runManager(url, "transactions=6000", "partitions=4", "failPartition=2");

		assertThat(failed.exitCode()).as(failed.output()).isEqualTo(5);
		assertThat(failed.output()).contains("not completed: ledgerWorkerStep:partition2 FAILED")
			.contains("Injected failure at transaction 3750");
		Matcher hint = RESTART_HINT.matcher(failed.output());
		assertThat(hint.find()).isTrue();
		long failedExecution = Long.parseLong(hint.group(1));

		Run restarted = runManager(url, "--partita.restart=" + failedExecution);

		assertThat(restarted.exitCode()).as(restarted.output()).isZero();
		assertThat(restarted.output()).contains("partitions run: 1, completed: 1");
		JdbcTemplate jdbc = jdbc(url);
		long instance = jdbc.queryForObject(
				"SELECT JOB_INSTANCE_ID FROM BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID = ?", Long.class,
				failedExecution);
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM LEDGER WHERE JOB_INSTANCE_ID = ?", Long.class, instance))
			.isEqualTo(6000 - 6);
		assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT TXN_ID) FROM LEDGER WHERE JOB_INSTANCE_ID = ?",
				Long.class, instance))
			.isEqualTo(6000 - 6);
		List<Map<String, Object>> partition2 = jdbc.queryForList("SELECT S.READ_COUNT, S.WRITE_COUNT "
				+ "FROM BATCH_STEP_EXECUTION S JOIN BATCH_JOB_EXECUTION E ON S.JOB_EXECUTION_ID = E.JOB_EXECUTION_ID "
				+ "WHERE E.JOB_INSTANCE_ID = ? AND S.STEP_NAME = 'ledgerWorkerStep:partition2' ORDER BY S.STEP_EXECUTION_ID",
				instance);
		assertThat(partition2).as("partition2 (ids 3001-4500) committed one chunk, then the restart read only the rest")
			.extracting((row) -> ((Number) row.get("WRITE_COUNT")).longValue())
			.containsExactly(500L, 999L);
		assertThat(((Number) partition2.get(1).get("READ_COUNT")).longValue()).isEqualTo(1000);
		assertThat(jdbc.queryForObject("SELECT STATUS FROM BATCH_JOB_EXECUTION WHERE JOB_INSTANCE_ID = ? "
				+ "ORDER BY JOB_EXECUTION_ID DESC LIMIT 1", String.class, instance))
			.isEqualTo("COMPLETED");
	}

	@Test
	void sigtermToTheManagerStopsItsWorkersAndLeavesARestartableExecution() throws Exception {
		String url = PostgresSchema.create();
		JdbcTemplate jdbc = jdbc(url);
		Process manager = startManager(url, "transactions=1000000", "partitions=2");
		await().atMost(Duration.ofMinutes(3))
			.ignoreExceptions()
			.until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM BATCH_STEP_EXECUTION WHERE STEP_NAME LIKE "
					+ "'ledgerWorkerStep:%' AND STATUS = 'STARTED' AND COMMIT_COUNT > 0", Long.class) == 2);

		manager.destroy();

		assertThat(manager.waitFor(2, TimeUnit.MINUTES)).isTrue();
		assertThat(
				jdbc.queryForObject("SELECT STATUS FROM BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID = 1", String.class))
			.isEqualTo("STOPPED");
		assertThat(jdbc.queryForList(
				"SELECT STATUS FROM BATCH_STEP_EXECUTION WHERE STEP_NAME LIKE 'ledgerWorkerStep:%'", String.class))
			.containsOnly("STOPPED");

		Run restarted = runManager(url, "--partita.restart=1");

		assertThat(restarted.exitCode()).as(restarted.output()).isZero();
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM LEDGER", Long.class)).isEqualTo(1000000 - 1000);
	}

	@Test
	void managerKilledMidRunIsRecoveredAdoptingItsLiveWorkersWithoutRunningAnythingTwice() throws Exception {
		String url = PostgresSchema.create();
		JdbcTemplate jdbc = jdbc(url);
		Path managerOutput = Files.createTempFile(this.workDirectory, "manager", ".log");
		Process manager = startManager(managerOutput, url, "transactions=1000000", "partitions=4");
		await().atMost(Duration.ofMinutes(5))
			.ignoreExceptions()
			.failFast(() -> assertThat(manager.isAlive()).as(() -> readQuietly(managerOutput)).isTrue())
			.until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM BATCH_STEP_EXECUTION WHERE STEP_NAME LIKE "
					+ "'ledgerWorkerStep:%' AND STATUS = 'STARTED' AND COMMIT_COUNT > 0", Long.class) == 4);
		List<ProcessHandle> workers = manager.toHandle().children().toList();
		assertThat(workers).hasSize(4);
		ProcessHandle lostWithItsManager = workers.get(0);
		List<ProcessHandle> survivors = workers.subList(1, 4);
		// frozen, the survivors outlive the steps below however slow the machine is
		signal("STOP", survivors);

		manager.destroyForcibly();
		lostWithItsManager.destroyForcibly();
		assertThat(manager.waitFor(1, TimeUnit.MINUTES)).isTrue();
		lostWithItsManager.onExit().get(1, TimeUnit.MINUTES);

		jdbc.update("UPDATE BATCH_JOB_EXECUTION SET STATUS = 'FAILED', END_TIME = LOCALTIMESTAMP "
				+ "WHERE JOB_EXECUTION_ID = 1");
		Run refused = runManager(url, "--partita.restart=1");
		assertThat(refused.exitCode()).as(refused.output()).isNotZero();
		assertThat(refused.output()).contains("Job execution 1 of ledgerImport still has 3 live worker(s): pid ")
			.contains("Restarting now could run their partitions twice");
		jdbc.update("UPDATE BATCH_JOB_EXECUTION SET STATUS = 'STARTED', END_TIME = NULL WHERE JOB_EXECUTION_ID = 1");

		Path recoveryOutput = Files.createTempFile(this.workDirectory, "manager", ".log");
		Process recovery = startManager(recoveryOutput, url, "--partita.recover=1",
				"--partita.recovery.manager-silence=1s");
		await().atMost(Duration.ofMinutes(3))
			.failFast(() -> assertThat(recovery.isAlive()).as(() -> readQuietly(recoveryOutput)).isTrue())
			.until(() -> readQuietly(recoveryOutput).contains("waiting for 3 live worker(s) to end: pid "));
		signal("CONT", survivors);

		assertThat(recovery.waitFor(5, TimeUnit.MINUTES)).isTrue();
		String recovered = readQuietly(recoveryOutput);
		assertThat(recovery.exitValue()).as(recovered).isZero();
		assertThat(WORKER_ENDED.matcher(recovered).results()).hasSize(3);
		assertThat(recovered).contains("partitions run: 1, completed: 1").contains("ledger holds 999000 rows");
		assertThat(jdbc.queryForList("SELECT EXIT_MESSAGE FROM BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID = 1 "
				+ "AND STEP_NAME LIKE 'ledgerWorkerStep:%' AND STATUS = 'FAILED'", String.class))
			.anySatisfy((message) -> assertThat(message).contains("its manager died")
				.contains("no worker of it was alive"));
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM LEDGER", Long.class)).isEqualTo(1000000 - 1000);
		assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT TXN_ID) FROM LEDGER", Long.class))
			.isEqualTo(1000000 - 1000);
	}

	@Test
	void malformedJobParameterIsRefusedBeforeAnythingIsLaunched() throws Exception {
		String url = PostgresSchema.create();

		Run run = runManager(url, "transactions=lots");

		assertThat(run.exitCode()).isNotZero();
		assertThat(run.output())
			.contains("Job parameter transactions must be a whole number from 1 to 100000000, but was 'lots'")
			.contains("nothing was launched");
		assertThat(jdbc(url).queryForObject("SELECT COUNT(*) FROM BATCH_JOB_EXECUTION", Long.class)).isZero();
		assertThat(this.workDirectory.resolve("workers")).doesNotExist();
	}

	@Test
	void restartOfACompletedExecutionIsRefused() throws Exception {
		String url = PostgresSchema.create();
		assertThat(runManager(url, "transactions=100", "partitions=2").exitCode()).isZero();

		Run restart = runManager(url, "--partita.restart=1");

		assertThat(restart.exitCode()).isNotZero();
		assertThat(restart.output()).contains(
				"partita.restart is 1 but it cannot be restarted: Job execution 1 of ledgerImport is COMPLETED, and "
						+ "only a FAILED or STOPPED execution can be restarted");
	}

	@Test
	void embeddedDefaultRunsTheSampleWithNothingConfigured() throws Exception {
		Run run = runManager(null, "transactions=3000", "partitions=3");

		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(run.output()).contains("Embedded job repository at")
			.contains("partitions run: 3, completed: 3")
			.contains("ledger holds 2997 rows");
		assertThat(this.workDirectory.resolve(".partita/db/partita.mv.db")).exists();
	}

	private Run runManager(String url, String... arguments) throws IOException, InterruptedException {
		Path output = Files.createTempFile(this.workDirectory, "manager", ".log");
		Process manager = startManager(output, url, arguments);
		if (!manager.waitFor(5, TimeUnit.MINUTES)) {
			manager.destroyForcibly();
		}
		return new Run(manager.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
	}

	private Process startManager(String url, String... arguments) throws IOException {
		return startManager(Files.createTempFile(this.workDirectory, "manager", ".log"), url, arguments);
	}

	private Process startManager(Path output, String url, String... arguments) throws IOException {
		List<String> command = new ArrayList<>(List.of(javaExecutable(), "-cp", System.getProperty("java.class.path"),
				LedgerImportApplication.class.getName(), "--partita.local.work-directory=workers"));
		if (url != null) {
			command
				.addAll(List.of("--spring.datasource.url=" + url, "--spring.datasource.username=" + PostgresSchema.USER,
						"--spring.datasource.password=" + PostgresSchema.PASSWORD));
		}
		command.addAll(List.of(arguments));
		return new ProcessBuilder(command).directory(this.workDirectory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.start();
	}

	private static void signal(String signal, List<ProcessHandle> processes) throws Exception {
		List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
		processes.forEach((process) -> command.add(Long.toString(process.pid())));
		assertThat(new ProcessBuilder(command).inheritIO().start().waitFor()).isZero();
	}

	private static String readQuietly(Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "(" + file + " could not be read: " + ex.getMessage() + ")";
		}
	}

	private static String javaExecutable() {
		return ProcessHandle.current().info().command().orElseThrow();
	}

	private static JdbcTemplate jdbc(String url) {
		return new JdbcTemplate(new DriverManagerDataSource(url, PostgresSchema.USER, PostgresSchema.PASSWORD));
	}

	private record Run(int exitCode, String output) {
	}

}
