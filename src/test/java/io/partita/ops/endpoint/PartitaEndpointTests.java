package io.partita.ops.endpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

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

/**
 * The Actuator endpoint over HTTP, read-only as by default, after a real run on the local
 * launcher with PostgreSQL: three partitions, one failing its first attempt and
 * completing its second, with parameters named like secrets.
 */
@SpringBootTest(classes = TestJobsApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "partita.local.main-class=io.partita.it.TestJobsApplication",
				"spring.batch.jdbc.initialize-schema=always", "partita.retry.max-attempts=2",
				"partita.retry.initial-interval=100ms", "management.endpoints.web.exposure.include=partita" })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PartitaEndpointTests {

	@Autowired
	private JobOperator jobOperator;

	@Autowired
	private JobRepository jobRepository;

	@Autowired
	private Job testJob;

	@LocalServerPort
	private int port;

	private EndpointClient endpoint;

	private JobExecution execution;

	private JobExecution older;

	@DynamicPropertySource
	static void jobRepository(DynamicPropertyRegistry registry) {
		PostgresSchema.register(registry);
	}

	@BeforeAll
	void runJobs() throws Exception {
		this.endpoint = new EndpointClient(this.port);
		this.older = run(new JobParametersBuilder().addString("run", "older").addString("partitions", "1"));
		this.execution = run(new JobParametersBuilder().addString("run", "retried")
			.addString("partitions", "3")
			.addString("failFirstAttempt", "1")
			.addString("transactions", "100")
			.addString("password", "hunter2", false)
			.addString("apiToken", "abc", false));
		assertThat(this.execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
	}

	@Test
	void listsExecutionsOfEveryJobNewestFirst() {
		EndpointClient.Response response = this.endpoint.get("");

		assertThat(response.status()).isEqualTo(200);
		DocumentContext json = response.json();
		assertThat(json.read("$.page", Integer.class)).isZero();
		assertThat(json.read("$.size", Integer.class)).isEqualTo(20);
		assertThat(json.read("$.total", Long.class)).isEqualTo(2);
		List<Integer> ids = json.read("$.executions[*].id");
		assertThat(ids).containsExactly((int) this.execution.getId(), (int) this.older.getId());
		Map<String, Object> newest = json.read("$.executions[0]");
		assertThat(newest).containsEntry("jobName", TestJobsApplication.JOB)
			.containsEntry("instanceId", (int) this.execution.getJobInstance().getInstanceId())
			.containsEntry("status", "COMPLETED")
			.containsEntry("exitCode", "COMPLETED")
			.containsKeys("createTime", "startTime", "endTime");
		assertThat(Instant.parse(json.read("$.executions[0].endTime")))
			.isAfterOrEqualTo(Instant.parse(json.read("$.executions[0].startTime")));
		assertThat(json.read("$.executions[0].parameters", Map.class)).containsEntry("run", "retried")
			.containsEntry("failFirstAttempt", "1");
	}

	@Test
	void parametersNamedLikeSecretsAreMaskedInTheListAndInTheExecution() {
		EndpointClient.Response list = this.endpoint.get("");
		EndpointClient.Response one = this.endpoint.get("/" + this.execution.getId());

		for (EndpointClient.Response response : List.of(list, one)) {
			assertThat(response.body()).doesNotContain("hunter2").doesNotContain("\"abc\"");
		}
		Map<String, Object> listed = list.json().read("$.executions[0].parameters");
		Map<String, Object> shown = one.json().read("$.parameters");
		for (Map<String, Object> parameters : List.of(listed, shown)) {
			assertThat(parameters).containsEntry("password", "******")
				.containsEntry("apiToken", "******")
				.containsEntry("transactions", "100")
				.containsEntry("run", "retried");
		}
	}

	@Test
	void pagesThroughExecutions() {
		DocumentContext second = this.endpoint.get("?page=1&size=1").json();

		assertThat(second.read("$.page", Integer.class)).isEqualTo(1);
		assertThat(second.read("$.size", Integer.class)).isEqualTo(1);
		assertThat(second.read("$.executions[*].id", List.class)).containsExactly((int) this.older.getId());
		assertThat(this.endpoint.get("?page=5&size=1").json().read("$.executions", List.class)).isEmpty();
	}

	@Test
	void showsTheExecutionWithItsPartitionsAndEveryAttempt() {
		EndpointClient.Response response = this.endpoint.get("/" + this.execution.getId());

		assertThat(response.status()).isEqualTo(200);
		DocumentContext json = response.json();
		assertThat(json.read("$.id", Long.class)).isEqualTo(this.execution.getId());
		assertThat(json.read("$.status", String.class)).isEqualTo("COMPLETED");
		assertThat(json.read("$.steps[*].name", List.class)).containsExactly("managerStep");
		assertThat(json.read("$.steps[0].partitions[*].name", List.class)).containsExactly("testStep:partition0",
				"testStep:partition1", "testStep:partition2");
		assertThat(json.read("$.steps[0].partitions[*].status", List.class)).containsOnly("COMPLETED");
		Map<String, Object> retried = json.read("$.steps[0].partitions[1]");
		assertThat(retried).containsKeys("stepExecutionId", "readCount", "writeCount", "startTime", "endTime",
				"durationMillis", "exitDescription");
		List<Map<String, Object>> attempts = json.read("$.steps[0].partitions[1].attempts");
		assertThat(attempts).extracting((attempt) -> attempt.get("attempt")).containsExactly(1, 2);
		assertThat(attempts).extracting((attempt) -> attempt.get("status")).containsExactly("FAILED", "COMPLETED");
		Map<String, Object> failed = attempts.get(0);
		assertThat((String) failed.get("reason")).startsWith("Worker pid ")
			.contains("java.lang.IllegalStateException: Partition 1 failed on its first attempt");
		assertThat((String) failed.get("worker")).startsWith("pid ");
		assertThat(failed.get("pod")).isEqualTo(failed.get("worker"));
		assertThat(failed).containsKeys("node", "launchedAt", "endedAt", "durationMillis");
		assertThat(Instant.parse((String) attempts.get(1).get("launchedAt")))
			.isAfterOrEqualTo(Instant.parse((String) failed.get("endedAt")));
		assertThat(attempts.get(1).get("reason")).isNull();
		assertThat(attempts.get(1).get("worker")).isNotEqualTo(failed.get("worker"));
		assertThat(json.read("$.steps[0].partitions[0].attempts[*].status", List.class)).containsExactly("COMPLETED");
	}

	@Test
	void unknownExecutionIsNotFound() {
		EndpointClient.Response response = this.endpoint.get("/987654321");

		assertThat(response.status()).isEqualTo(404);
		assertThat(response.json().read("$.message", String.class))
			.contains("The job repository has no job execution 987654321");
	}

	@Test
	void malformedIdIsABadRequest() {
		assertThat(this.endpoint.get("/twelve").status()).isEqualTo(400);
	}

	@Test
	void pageOrSizeOutOfBoundsIsABadRequest() {
		EndpointClient.Response negative = this.endpoint.get("?page=-1");
		EndpointClient.Response huge = this.endpoint.get("?size=100000");

		assertThat(negative.status()).isEqualTo(400);
		assertThat(negative.json().read("$.message", String.class)).contains("page is -1");
		assertThat(huge.status()).isEqualTo(400);
		assertThat(huge.json().read("$.message", String.class)).contains("size is 100000 but must be from 1 to 200");
	}

	@Test
	void writeOperationsAreNotExposedByDefault() {
		for (String operation : List.of("restart", "stop", "recover")) {
			EndpointClient.Response response = this.endpoint.post("/" + this.execution.getId() + "/" + operation);
			assertThat(response.status()).as(operation).isEqualTo(404);
		}
		assertThat(this.jobRepository.getJobInstances(TestJobsApplication.JOB, 0, 10)).hasSize(2);
	}

	private JobExecution run(JobParametersBuilder parameters) throws Exception {
		return JobRuns
			.start(this.jobOperator, this.jobRepository, this.testJob, parameters.toJobParameters(),
					Duration.ofMinutes(3))
			.get();
	}

}
