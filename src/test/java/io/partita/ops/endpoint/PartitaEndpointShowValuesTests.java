package io.partita.ops.endpoint;

import java.util.List;
import java.util.Map;

import io.partita.it.TestJobsApplication;
import io.partita.test.PostgresSchema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoint over HTTP with {@code management.endpoint.partita.show-values=always}: job
 * parameters named like secrets are shown in clear, in the list and in one execution.
 */
@SpringBootTest(classes = TestJobsApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "partita.local.main-class=io.partita.it.TestJobsApplication",
				"spring.batch.jdbc.initialize-schema=always", "management.endpoints.web.exposure.include=partita",
				"management.endpoint.partita.show-values=always" })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PartitaEndpointShowValuesTests {

	@Autowired
	private JobRepository jobRepository;

	@LocalServerPort
	private int port;

	private EndpointClient endpoint;

	private JobExecution execution;

	@DynamicPropertySource
	static void jobRepository(DynamicPropertyRegistry registry) {
		PostgresSchema.register(registry);
	}

	@BeforeAll
	void recordExecution() {
		this.endpoint = new EndpointClient(this.port);
		JobParameters parameters = new JobParametersBuilder().addString("transactions", "100")
			.addString("password", "hunter2")
			.addString("apiToken", "abc")
			.toJobParameters();
		JobInstance instance = this.jobRepository.createJobInstance(TestJobsApplication.JOB, parameters);
		this.execution = this.jobRepository.createJobExecution(instance, parameters, new ExecutionContext());
	}

	@Test
	void parametersNamedLikeSecretsAreShownInClear() {
		Map<String, Object> listed = this.endpoint.get("").json().read("$.executions[0].parameters");
		Map<String, Object> shown = this.endpoint.get("/" + this.execution.getId()).json().read("$.parameters");

		for (Map<String, Object> parameters : List.of(listed, shown)) {
			assertThat(parameters).containsEntry("password", "hunter2")
				.containsEntry("apiToken", "abc")
				.containsEntry("transactions", "100");
		}
	}

}
