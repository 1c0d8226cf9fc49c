package io.partita.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.partita.test.JobRuns;
import io.partita.test.PostgresSchema;
import org.junit.jupiter.api.Test;

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
 * A manager's Actuator over HTTP, as Prometheus and the kubelet see it, after a job has
 * run its partitions in real worker JVMs: the partita metrics next to Spring Batch's own,
 * the partita health in the readiness group only, and the partita info.
 */
@SpringBootTest(classes = TestJobsApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "partita.local.main-class=io.partita.it.TestJobsApplication",
				"spring.batch.jdbc.initialize-schema=always",
				"management.endpoints.web.exposure.include=health,info,prometheus",
				"management.endpoint.health.probes.enabled=true",
				"management.endpoint.health.group.readiness.include=readinessState,partita",
				"management.endpoint.health.show-components=always" })
class ManagerObservabilityIntegrationTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private JobOperator jobOperator;

	@Autowired
	private JobRepository jobRepository;

	@Autowired
	private Job testJob;

	@DynamicPropertySource
	static void jobRepository(DynamicPropertyRegistry registry) {
		PostgresSchema.register(registry);
	}

	@Test
	void prometheusScrapesPartitaAndSpringBatchMetricsAfterAJobRun() throws Exception {
		JobExecution execution = JobRuns.start(this.jobOperator, this.jobRepository, this.testJob,
				new JobParametersBuilder().addString("run", "metrics").addString("partitions", "2").toJobParameters(),
				Duration.ofMinutes(3))
			.get();
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);

		String tags = "job=\"testJob\",launcher=\"local\",step=\"testStep\"";
		assertThat(get("/actuator/prometheus")).contains("partita_partitions_launched_total{" + tags + "} 2.0")
			.contains("partita_partitions_finished_total{job=\"testJob\",launcher=\"local\",outcome=\"COMPLETED\","
					+ "step=\"testStep\"} 2.0")
			.contains("partita_workers_active{" + tags + "} 0.0")
			.contains("partita_completion_detection_seconds_count{" + tags + "} 2")
			.contains("spring_batch_job_seconds_count{")
			.contains("spring_batch_step_seconds_count{");
	}

	@Test
	void partitaHealthIsPartOfReadinessNotLiveness() throws Exception {
		assertThat(get("/actuator/health/readiness"))
			.contains("\"partita\":{\"components\":{\"jobRepository\":{\"status\":\"UP\"}},\"status\":\"UP\"}")
			.contains("\"readinessState\"");
		assertThat(get("/actuator/health/liveness")).doesNotContain("partita").contains("\"status\":\"UP\"");
	}

	@Test
	void infoTellsPartitasVersionAndLauncher() throws Exception {
		assertThat(get("/actuator/info")).contains("\"partita\":{\"version\":\"").contains("\"launcher\":\"local\"");
	}

	private String get(String path) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
		return response.body();
	}

}
