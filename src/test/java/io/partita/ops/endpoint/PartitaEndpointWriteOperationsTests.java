package io.partita.ops.endpoint;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.jayway.jsonpath.DocumentContext;
import io.partita.it.TestJobsApplication;
import io.partita.test.JobRuns;
import io.partita.test.PostgresSchema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The endpoint's write operations, once an operator has given it unrestricted access:
 * illegal transitions and bad input are refused with a 4xx and a message, a restart
 * answers as soon as the new execution exists, while it runs, and a stop stops a running
 * execution whose running attempt the endpoint shows.
 */
@SpringBootTest(classes = TestJobsApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "partita.local.main-class=io.partita.it.TestJobsApplication",
				"spring.batch.jdbc.initialize-schema=always", "management.endpoints.web.exposure.include=partita",
				"management.endpoint.partita.access=unrestricted" })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PartitaEndpointWriteOperationsTests {

	private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);

	@Autowired
	private JobOperator jobOperator;

	@Autowired
	private JobRepository jobRepository;

	@Autowired
	private Job testJob;

	@LocalServerPort
	private int port;

	private EndpointClient endpoint;

	private JobExecution completed;

	private JobExecution failed;

	@DynamicPropertySource
	static void jobRepository(DynamicPropertyRegistry registry) {
		PostgresSchema.register(registry);
	}

	@BeforeAll
	void runJobs() throws Exception {
		this.endpoint = new EndpointClient(this.port);
		this.completed = run(new JobParametersBuilder().addString("run", "completed").addString("partitions", "1"));
		this.failed = run(new JobParametersBuilder().addString("run", "failed")
			.addString("partitions", "1")
			.addString("fail", "0"));
		assertThat(this.completed.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.failed.getStatus()).isEqualTo(BatchStatus.FAILED);
	}

	@Test
	void restartOfACompletedExecutionIsAConflict() {
		EndpointClient.Response response = this.endpoint.post("/" + this.completed.getId() + "/restart");

		assertThat(response.status()).isEqualTo(409);
		assertThat(response.json().read("$.message", String.class)).contains("is COMPLETED")
			.contains("only a FAILED or STOPPED execution can be restarted");
	}

	@Test
	void stopOfAFinishedExecutionIsAConflict() {
		EndpointClient.Response response = this.endpoint.post("/" + this.completed.getId() + "/stop");

		assertThat(response.status()).isEqualTo(409);
		assertThat(response.json().read("$.message", String.class)).contains("only a running execution can be stopped");
	}

	@Test
	void recoveryOfAFinishedExecutionIsAConflict() {
		EndpointClient.Response response = this.endpoint.post("/" + this.failed.getId() + "/recover");

		assertThat(response.status()).isEqualTo(409);
		assertThat(response.json().read("$.message", String.class)).contains("only a running execution");
	}

	@Test
	void operationsOnAnUnknownExecutionAreNotFound() {
		EndpointClient.Response response = this.endpoint.post("/987654321/restart");

		assertThat(response.status()).isEqualTo(404);
		assertThat(response.json().read("$.message", String.class))
			.contains("The job repository has no job execution 987654321");
	}

	@Test
	void unknownOperationOrMalformedIdIsABadRequest() {
		EndpointClient.Response unknown = this.endpoint.post("/" + this.failed.getId() + "/explode");

		assertThat(unknown.status()).isEqualTo(400);
		assertThat(unknown.json().read("$.message", String.class)).contains("use restart, stop or recover");
		assertThat(this.endpoint.post("/twelve/restart").status()).isEqualTo(400);
	}

	@Test
	void restartAnswersWithTheNewExecutionWhileItRuns() {
		EndpointClient.Response response = this.endpoint.post("/" + this.failed.getId() + "/restart");

		assertThat(response.status()).isEqualTo(202);
		long restarted = response.json().read("$.resultingExecutionId", Long.class);
		assertThat(restarted).isNotEqualTo(this.failed.getId());
		assertThat(response.json().read("$.operation", String.class)).isEqualTo("restart");
		assertThat(BatchStatus.valueOf(response.json().read("$.status", String.class)).isRunning()).isTrue();
		await().atMost(JOB_TIMEOUT).until(() -> !this.jobRepository.getJobExecution(restarted).getStatus().isRunning());
		JobExecution execution = this.jobRepository.getJobExecution(restarted);
		assertThat(execution.getJobInstance().getInstanceId()).isEqualTo(this.failed.getJobInstance().getInstanceId());
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
	}

	@Test
	void runningAttemptIsShownAndStopStopsTheExecution() throws Exception {
		CompletableFuture<JobExecution> running = JobRuns.start(this.jobOperator, this.jobRepository, this.testJob,
				new JobParametersBuilder().addString("run", "sleeping")
					.addString("partitions", "1")
					.addString("sleep", "0")
					.toJobParameters(),
				JOB_TIMEOUT);
		long id = await().atMost(JOB_TIMEOUT)
			.until(() -> this.jobRepository.findRunningJobExecutions(TestJobsApplication.JOB),
					(found) -> !found.isEmpty())
			.iterator()
			.next()
			.getId();
		DocumentContext shown = await().atMost(JOB_TIMEOUT)
			.until(() -> this.endpoint.get("/" + id).json(),
					(json) -> !json.read("$.steps[0].partitions[0].attempts", List.class).isEmpty());
		Map<String, Object> attempt = shown.read("$.steps[0].partitions[0].attempts[0]");
		assertThat(attempt).containsEntry("attempt", 1).doesNotContainKey("endedAt");
		assertThat(BatchStatus.valueOf((String) attempt.get("status")).isRunning()).isTrue();
		assertThat((String) attempt.get("worker")).startsWith("pid ");
		assertThat(attempt.get("launchedAt")).isNotNull();

		EndpointClient.Response stop = this.endpoint.post("/" + id + "/stop");

		assertThat(stop.status()).isEqualTo(202);
		assertThat(stop.json().read("$.resultingExecutionId", Long.class)).isEqualTo(id);
		assertThat(running.get().getStatus()).isEqualTo(BatchStatus.STOPPED);
		DocumentContext stopped = this.endpoint.get("/" + id).json();
		assertThat(stopped.read("$.status", String.class)).isEqualTo("STOPPED");
		assertThat(stopped.read("$.steps[0].partitions[0].attempts[*].status", List.class)).containsExactly("STOPPED");
	}

	private JobExecution run(JobParametersBuilder parameters) throws Exception {
		return JobRuns
			.start(this.jobOperator, this.jobRepository, this.testJob, parameters.toJobParameters(), JOB_TIMEOUT)
			.get();
	}

}
