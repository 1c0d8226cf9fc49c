package io.partita.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import io.partita.Partita;
import io.partita.partition.PartitionFinishedEvent;
import io.partita.partition.PartitionLaunchedEvent;
import io.partita.partition.WorkerPartitionHandler;
import io.partita.test.JobRuns;
import io.partita.test.PartitionEventRecorder;
import io.partita.test.PostgresSchema;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The embedded default end to end: a manager in this JVM, each partition in a real child
 * JVM, the job repository in PostgreSQL.
 */
@SpringBootTest(classes = { TestJobsApplication.class, LocalLauncherIntegrationTests.Recording.class },
		properties = { "partita.max-workers=2", "partita.local.main-class=io.partita.it.TestJobsApplication",
				"spring.batch.jdbc.initialize-schema=always" })
class LocalLauncherIntegrationTests {

	private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);

	@Autowired
	private JobOperator jobOperator;

	@Autowired
	private JobRepository jobRepository;

	@Autowired
	private Job testJob;

	@Autowired
	private PartitionEventRecorder events;

	@Autowired
	private Partita partita;

	@Autowired
	private Partitioner testPartitioner;

	@DynamicPropertySource
	static void jobRepository(DynamicPropertyRegistry registry) {
		PostgresSchema.register(registry);
	}

	@Test
	void allPartitionsCompleteWithinTheWorkerWindow() throws Exception {
		JobExecution execution = run(parameters("allComplete").addString("partitions", "5"));

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		List<StepExecution> partitions = partitions(execution);
		assertThat(partitions).hasSize(5).allSatisfy((partition) -> {
			assertThat(partition.getStatus()).isEqualTo(BatchStatus.COMPLETED);
			assertThat(partition.getWriteCount()).isEqualTo(1);
		});
		assertThat(managerStep(execution).getWriteCount()).isEqualTo(5);
		assertThat(this.events.launches(execution.getId())).hasSize(5);
		assertThat(this.events.maxConcurrentWorkers(execution.getId())).isEqualTo(2);
		assertThat(this.events.mostWorkerProcessesAliveAtLaunch(execution.getId())).isLessThanOrEqualTo(2);
		assertThat(workerFiles(execution)).hasSize(10)
			.allSatisfy((file) -> assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
				.as(file.toString())
				.isEqualTo("rw-------"));
	}

	@Test
	void failedPartitionFailsTheManagerStepNamingIt() throws Exception {
		JobExecution execution = run(
				parameters("onePartitionFails").addString("partitions", "3").addString("fail", "1"));

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
		StepExecution failed = partition(execution, "testStep:partition1");
		assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(failed.getExitStatus().getExitDescription()).startsWith("Worker pid ")
			.contains("exit code 1 (step failed): java.lang.IllegalStateException: Partition 1 failed on purpose")
			.contains("Last log lines of the worker:");
		assertThat(partition(execution, "testStep:partition0").getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(managerStep(execution).getExitStatus().getExitDescription())
			.startsWith("io.partita.partition.PartitionsFailedException: 1 of 3 partitions failed:")
			.contains("testStep:partition1 (step execution " + failed.getId() + "): Worker pid ")
			.contains("exit code 1 (step failed): java.lang.IllegalStateException: Partition 1 failed on purpose");
	}

	@Test
	void sigkilledWorkerIsDetectedAndItsPartitionFailedWithTheReason() throws Exception {
		CompletableFuture<JobExecution> running = start(
				parameters("killed").addString("partitions", "2").addString("sleep", "0"));
		PartitionLaunchedEvent sleeper = awaitRunning(running, "testStep:partition0");

		ProcessHandle.of(PartitionEventRecorder.pid(sleeper.workerName())).orElseThrow().destroyForcibly();
		JobExecution execution = running.get();

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
		StepExecution killed = partition(execution, "testStep:partition0");
		assertThat(killed.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(killed.getExitStatus().getExitDescription())
			.startsWith("Worker " + sleeper.workerName() + ": worker ended without recording the step")
			.contains("exit code 137 (killed by SIGKILL)");
		assertThat(partition(execution, "testStep:partition1").getStatus()).isEqualTo(BatchStatus.COMPLETED);
	}

	@Test
	void stoppingTheJobStopsItsWorkersAndMarksTheirPartitionsStopped() throws Exception {
		CompletableFuture<JobExecution> running = start(
				parameters("stopped").addString("partitions", "3").addString("sleep", "all"));
		awaitRunning(running, "testStep:partition0");
		awaitRunning(running, "testStep:partition1");

		this.jobOperator.stop(this.jobRepository.getJobExecution(managerExecutionId(running)));
		JobExecution execution = running.get();

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.STOPPED);
		assertThat(partitions(execution)).extracting(StepExecution::getStatus).containsOnly(BatchStatus.STOPPED);
		assertThat(this.events.finishes(execution.getId())).hasSize(2)
			.allSatisfy((finished) -> assertThat(finished.exit().exitCode()).isEqualTo(143));
		assertThat(partition(execution, "testStep:partition2").getExitStatus().getExitDescription())
			.contains("not launched");
	}

	@Test
	void concurrentJobInstancesKeepTheirOwnWindowsAndWorkers() throws Exception {
		CompletableFuture<JobExecution> first = start(parameters("concurrentA").addString("partitions", "4"));
		CompletableFuture<JobExecution> second = start(parameters("concurrentB").addString("partitions", "3"));

		JobExecution a = first.get();
		JobExecution b = second.get();

		assertThat(a.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(b.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.events.finishes(a.getId())).extracting(PartitionFinishedEvent::stepExecutionId)
			.containsExactlyInAnyOrderElementsOf(partitions(a).stream().map(StepExecution::getId).toList());
		assertThat(this.events.finishes(b.getId())).extracting(PartitionFinishedEvent::stepExecutionId)
			.containsExactlyInAnyOrderElementsOf(partitions(b).stream().map(StepExecution::getId).toList());
		assertThat(this.events.maxConcurrentWorkers(a.getId())).isLessThanOrEqualTo(2);
		assertThat(this.events.maxConcurrentWorkers(b.getId())).isLessThanOrEqualTo(2);
	}

	@Test
	void retryableFailureIsLaunchedAgainAsANewAttemptAndCompletes() throws Exception {
		WorkerPartitionHandler handler = this.partita.partitionHandler(TestJobsApplication.WORKER_STEP);
		handler.setMaxAttempts(2);

		JobExecution execution = run(jobWith(handler),
				parameters("retried").addString("partitions", "2").addString("failFirstAttempt", "1"));

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		StepExecution retried = partition(execution, "testStep:partition1");
		assertThat(retried.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.events.launches(execution.getId()))
			.filteredOn((launch) -> launch.stepExecutionId() == retried.getId())
			.extracting(PartitionLaunchedEvent::attempt)
			.containsExactly(1, 2);
		assertThat(this.events.finishes(execution.getId()))
			.filteredOn((finish) -> finish.stepExecutionId() == retried.getId())
			.extracting(PartitionFinishedEvent::status)
			.containsExactly(BatchStatus.FAILED, BatchStatus.COMPLETED);
	}

	@Test
	void nonRetryableFailureIsNotLaunchedAgain() throws Exception {
		WorkerPartitionHandler handler = this.partita.partitionHandler(TestJobsApplication.WORKER_STEP);
		handler.setMaxAttempts(3);

		JobExecution execution = run(jobWith(handler),
				parameters("notRetried").addString("partitions", "1").addString("nonRetryable", "0"));

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(this.events.launches(execution.getId())).hasSize(1);
		assertThat(partition(execution, "testStep:partition0").getExitStatus().getExitDescription())
			.contains("exit code 2 (step failed, not retryable)");
	}

	@Test
	void workerPastTheRunTimeoutIsStoppedAndItsPartitionFailed() throws Exception {
		WorkerPartitionHandler handler = this.partita.partitionHandler(TestJobsApplication.WORKER_STEP);
		handler.setRunTimeout(Duration.ofSeconds(20));

		JobExecution execution = run(jobWith(handler),
				parameters("runTimeout").addString("partitions", "1").addString("sleep", "all"));

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
		StepExecution partition = partition(execution, "testStep:partition0");
		assertThat(partition.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(partition.getExitStatus().getExitDescription()).contains("exceeded the run timeout of PT20S");
	}

	@Test
	void workerThatDoesNotStartItsStepInTimeIsStoppedAndItsPartitionFailed() throws Exception {
		WorkerPartitionHandler handler = this.partita.partitionHandler(TestJobsApplication.WORKER_STEP);
		handler.setStartupTimeout(Duration.ofMillis(100));

		JobExecution execution = run(jobWith(handler), parameters("startupTimeout").addString("partitions", "1"));

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
		StepExecution partition = partition(execution, "testStep:partition0");
		assertThat(partition.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(partition.getExitStatus().getExitDescription())
			.contains("did not start its step within the start-up timeout of PT0.1S");
	}

	private Job jobWith(WorkerPartitionHandler handler) {
		return new JobBuilder("timeoutJob", this.jobRepository)
			.start(new StepBuilder("timeoutManagerStep", this.jobRepository)
				.partitioner(TestJobsApplication.WORKER_STEP, this.testPartitioner)
				.partitionHandler(handler)
				.build())
			.build();
	}

	private JobParametersBuilder parameters(String test) {
		return new JobParametersBuilder().addString("test", test + "-" + System.nanoTime());
	}

	private JobExecution run(JobParametersBuilder parameters) throws Exception {
		return start(parameters).get();
	}

	private JobExecution run(Job job, JobParametersBuilder parameters) throws Exception {
		return start(job, parameters).get();
	}

	private CompletableFuture<JobExecution> start(JobParametersBuilder parameters) {
		return start(this.testJob, parameters);
	}

	private CompletableFuture<JobExecution> start(Job job, JobParametersBuilder parameters) {
		return JobRuns.start(this.jobOperator, this.jobRepository, job, parameters.toJobParameters(), JOB_TIMEOUT);
	}

	private long managerExecutionId(CompletableFuture<JobExecution> running) {
		return this.jobRepository.findRunningJobExecutions(TestJobsApplication.JOB)
			.stream()
			.mapToLong(JobExecution::getId)
			.max()
			.orElseThrow();
	}

	/**
	 * Waits until the worker of the named partition has started its step, and returns its
	 * launch.
	 */
	private PartitionLaunchedEvent awaitRunning(CompletableFuture<JobExecution> running, String partitionName) {
		return await().atMost(JOB_TIMEOUT).ignoreExceptionsInstanceOf(NoSuchElementException.class).until(() -> {
			assertThat(running).isNotDone();
			long jobExecutionId = managerExecutionId(running);
			return this.events.launches(jobExecutionId)
				.stream()
				.filter((launch) -> launch.partitionName().equals(partitionName))
				.filter((launch) -> this.jobRepository.getStepExecution(launch.stepExecutionId())
					.getStatus() == BatchStatus.STARTED)
				.findFirst()
				.orElse(null);
		}, (launch) -> launch != null);
	}

	private List<StepExecution> partitions(JobExecution execution) {
		return JobRuns.steps(this.jobRepository, execution, TestJobsApplication.WORKER_STEP + ":");
	}

	private StepExecution partition(JobExecution execution, String name) {
		return JobRuns.step(this.jobRepository, execution, name);
	}

	private StepExecution managerStep(JobExecution execution) {
		return JobRuns.step(this.jobRepository, execution, "managerStep");
	}

	/**
	 * The logs and pid files of the given execution's workers.
	 */
	private List<Path> workerFiles(JobExecution execution) throws IOException {
		Path directory = Path.of("target/partita-workers/job-execution-" + execution.getId());
		List<String> ids = partitions(execution).stream().map((partition) -> "-" + partition.getId() + "-a").toList();
		try (Stream<Path> files = Files.list(directory)) {
			return files.filter((file) -> ids.stream().anyMatch(file.getFileName().toString()::contains)).toList();
		}
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Recording {

		@Bean
		PartitionEventRecorder partitionEventRecorder() {
			return new PartitionEventRecorder();
		}

	}

}
