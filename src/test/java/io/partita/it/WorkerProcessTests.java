package io.partita.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.partita.launch.Worker;
import io.partita.launch.WorkerExit;
import io.partita.launch.WorkerRequest;
import io.partita.launch.local.LocalWorkerCommand;
import io.partita.launch.local.LocalWorkerCommandDecorator;
import io.partita.launch.local.LocalWorkerLauncher;
import io.partita.test.PostgresSchema;
import io.partita.worker.WorkerContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Worker processes started on their own, as a launcher would start them: the contract's
 * exit codes, its checks of the variables, and SIGTERM.
 */
@SpringBootTest(classes = TestJobsApplication.class, properties = "spring.batch.jdbc.initialize-schema=always")
class WorkerProcessTests {

	private static final Duration WORKER_TIMEOUT = Duration.ofMinutes(2);

	private static String databaseUrl;

	@Autowired
	private JobRepository jobRepository;

	@TempDir
	private Path logs;

	@DynamicPropertySource
	static void jobRepository(DynamicPropertyRegistry registry) {
		databaseUrl = PostgresSchema.create();
		registry.add("spring.datasource.url", () -> databaseUrl);
		registry.add("spring.datasource.username", () -> PostgresSchema.USER);
		registry.add("spring.datasource.password", () -> PostgresSchema.PASSWORD);
	}

	@Test
	void completedStepExitsZero() throws Exception {
		StepExecution partition = partition(new JobParametersBuilder());

		WorkerExit exit = launcher().launch(request(partition, contract(partition))).exit().get();

		assertThat(exit.exitCode()).isZero();
		assertThat(status(partition)).isEqualTo(BatchStatus.COMPLETED);
	}

	@Test
	void failedStepExitsOne() throws Exception {
		StepExecution partition = partition(new JobParametersBuilder().addString("fail", "0"));

		WorkerExit exit = launcher().launch(request(partition, contract(partition))).exit().get();

		assertThat(exit.exitCode()).isEqualTo(1);
		assertThat(status(partition)).isEqualTo(BatchStatus.FAILED);
	}

	@Test
	void failureOfANonRetryableTypeExitsTwo() throws Exception {
		StepExecution partition = partition(new JobParametersBuilder().addString("nonRetryable", "0"));

		WorkerExit exit = launcher().launch(request(partition, contract(partition))).exit().get();

		assertThat(exit.exitCode()).isEqualTo(2);
		assertThat(exit.isRetryable()).isFalse();
		assertThat(status(partition)).isEqualTo(BatchStatus.FAILED);
	}

	@Test
	void missingVariableExitsThreeNamingIt() throws Exception {
		StepExecution partition = partition(new JobParametersBuilder());
		Map<String, String> environment = contract(partition).toEnvironment();
		environment.remove(WorkerContract.ATTEMPT);

		ProcessResult result = runWorker(environment);

		assertThat(result.exitCode()).isEqualTo(3);
		assertThat(result.output()).contains("Partita worker cannot run: PARTITA_ATTEMPT is missing");
		assertThat(status(partition)).isEqualTo(BatchStatus.STARTING);
	}

	@Test
	void malformedVariableExitsThreeNamingIt() throws Exception {
		StepExecution partition = partition(new JobParametersBuilder());
		Map<String, String> environment = contract(partition).toEnvironment();
		environment.put(WorkerContract.STEP_EXECUTION_ID, "twelve");

		ProcessResult result = runWorker(environment);

		assertThat(result.exitCode()).isEqualTo(3);
		assertThat(result.output()).contains("PARTITA_STEP_EXECUTION_ID must be a positive number, but was 'twelve'");
	}

	@Test
	void databaseWithNoConnectionLeftFailsTheWorkerRetryablyNamingTheSettings() throws Exception {
		StepExecution partition = partition(new JobParametersBuilder());
		Map<String, String> environment = contract(partition).toEnvironment();
		// .ci/postgres makes this role with a connection limit of 0: the server answers
		// as when it is full
		environment.put("SPRING_DATASOURCE_USERNAME", "partita_no_slots");

		ProcessResult result = runWorker(environment);

		assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
		assertThat(result.output()).contains("The job repository's database refused a connection")
			.contains("too many connections for role \"partita_no_slots\"")
			.contains("partita.worker.database-connections")
			.contains("max_connections");
		assertThat(status(partition)).isEqualTo(BatchStatus.STARTING);
	}

	@Test
	void unknownStepBeanExitsThree() throws Exception {
		StepExecution partition = partition(new JobParametersBuilder());
		WorkerContract contract = new WorkerContract(partition.getJobExecutionId(), partition.getId(), "noSuchStep", 1);

		ProcessResult result = runWorker(contract.toEnvironment());

		assertThat(result.exitCode()).isEqualTo(3);
		assertThat(result.output())
			.contains("PARTITA_WORKER_STEP is 'noSuchStep' but this application has no Step bean");
	}

	@Test
	void stepExecutionOfAnotherJobExecutionExitsThree() throws Exception {
		StepExecution partition = partition(new JobParametersBuilder());
		WorkerContract contract = new WorkerContract(partition.getJobExecutionId() + 1000, partition.getId(),
				TestJobsApplication.WORKER_STEP, 1);

		ProcessResult result = runWorker(contract.toEnvironment());

		assertThat(result.exitCode()).isEqualTo(3);
		assertThat(result.output())
			.contains("PARTITA_JOB_EXECUTION_ID is " + contract.jobExecutionId() + " but step execution "
					+ partition.getId() + " belongs to job execution " + partition.getJobExecutionId());
	}

	@Test
	void unknownStepExecutionExitsThree() throws Exception {
		StepExecution partition = partition(new JobParametersBuilder());
		WorkerContract contract = new WorkerContract(partition.getJobExecutionId(), partition.getId() + 1000,
				TestJobsApplication.WORKER_STEP, 1);

		ProcessResult result = runWorker(contract.toEnvironment());

		assertThat(result.exitCode()).isEqualTo(3);
		assertThat(result.output()).contains("PARTITA_STEP_EXECUTION_ID is " + contract.stepExecutionId()
				+ " but the job repository has no such step execution");
	}

	@Test
	void completedStepExecutionIsNeverRunAgain() throws Exception {
		StepExecution partition = partition(new JobParametersBuilder());
		partition.setStatus(BatchStatus.COMPLETED);
		this.jobRepository.update(partition);

		ProcessResult result = runWorker(contract(partition).toEnvironment());

		assertThat(result.exitCode()).isEqualTo(3);
		assertThat(result.output()).contains("which is already COMPLETED and is never run again");
	}

	@Test
	void sigtermRecordsTheStepStoppedAndExits143() throws Exception {
		StepExecution partition = partition(new JobParametersBuilder().addString("sleep", "0"));
		Worker worker = launcher().launch(request(partition, contract(partition)));
		awaitStatus(partition, BatchStatus.STARTED);

		ProcessHandle.of(pid(worker)).orElseThrow().destroy();

		assertThat(worker.exit().get().exitCode()).isEqualTo(143);
		assertThat(status(partition)).isEqualTo(BatchStatus.STOPPED);
	}

	@Test
	void workersDoNotOutliveTheLauncherOfAManagerThatExits() throws Exception {
		StepExecution partition = partition(new JobParametersBuilder().addString("sleep", "0"));
		LocalWorkerLauncher launcher = launcher();
		Worker worker = launcher.launch(request(partition, contract(partition)));
		awaitStatus(partition, BatchStatus.STARTED);

		launcher.destroy();

		assertThat(worker.exit()).isDone();
		assertThat(ProcessHandle.of(pid(worker))).isEmpty();
		assertThat(launcher.aliveCount()).isZero();
		assertThat(status(partition)).isEqualTo(BatchStatus.STOPPED);
	}

	private StepExecution partition(JobParametersBuilder parameters) throws Exception {
		JobParameters jobParameters = parameters.addString("test", Long.toString(System.nanoTime())).toJobParameters();
		JobInstance instance = this.jobRepository.createJobInstance(TestJobsApplication.JOB, jobParameters);
		JobExecution jobExecution = this.jobRepository.createJobExecution(instance, jobParameters,
				new ExecutionContext());
		StepExecution partition = this.jobRepository
			.createStepExecution(TestJobsApplication.WORKER_STEP + ":partition0", jobExecution);
		partition.getExecutionContext().putInt(BehaviourTasklet.INDEX, 0);
		this.jobRepository.updateExecutionContext(partition);
		return partition;
	}

	private static WorkerContract contract(StepExecution partition) {
		return new WorkerContract(partition.getJobExecutionId(), partition.getId(), TestJobsApplication.WORKER_STEP, 1);
	}

	private static WorkerRequest request(StepExecution partition, WorkerContract contract) {
		return new WorkerRequest(TestJobsApplication.JOB, partition.getStepName(), contract);
	}

	private LocalWorkerLauncher launcher() {
		return new LocalWorkerLauncher(command(), LocalWorkerCommandDecorator.NONE, this.logs,
				List.of(this::databaseEnvironment), 10, Duration.ofSeconds(30));
	}

	private static LocalWorkerCommand command() {
		return LocalWorkerCommand.forThisApplication(TestJobsApplication.class.getName(), null, List.of(), List.of());
	}

	private Map<String, String> databaseEnvironment() {
		return Map.of("SPRING_DATASOURCE_URL", databaseUrl, "SPRING_DATASOURCE_USERNAME", PostgresSchema.USER,
				"SPRING_DATASOURCE_PASSWORD", PostgresSchema.PASSWORD);
	}

	private ProcessResult runWorker(Map<String, String> contractEnvironment) throws IOException, InterruptedException {
		Path output = this.logs.resolve("worker.log");
		ProcessBuilder builder = new ProcessBuilder(command().toList()).redirectErrorStream(true)
			.redirectOutput(output.toFile());
		builder.environment().putAll(databaseEnvironment());
		builder.environment().putAll(contractEnvironment);
		Process process = builder.start();
		assertThat(process.waitFor(WORKER_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		return new ProcessResult(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
	}

	private BatchStatus status(StepExecution partition) {
		return this.jobRepository.getStepExecution(partition.getId()).getStatus();
	}

	private void awaitStatus(StepExecution partition, BatchStatus status) {
		await().atMost(WORKER_TIMEOUT).until(() -> status(partition) == status);
	}

	private static long pid(Worker worker) {
		return Long.parseLong(worker.name().substring("pid ".length()));
	}

	private record ProcessResult(int exitCode, String output) {
	}

}
