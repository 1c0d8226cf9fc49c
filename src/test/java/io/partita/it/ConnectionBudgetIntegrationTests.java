package io.partita.it;

import java.time.Duration;
import java.util.List;

import io.partita.test.JobRuns;
import io.partita.test.PostgresSchema;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Workers keep to their connection budget: 40 local workers holding their job repository
 * connections at once fit in PostgreSQL's default max_connections of 100.
 */
@SpringBootTest(classes = TestJobsApplication.class,
		properties = { "partita.max-workers=40", "partita.local.main-class=io.partita.it.TestJobsApplication",
				"spring.batch.jdbc.initialize-schema=always", "spring.datasource.hikari.maximum-pool-size=4" })
class ConnectionBudgetIntegrationTests {

	private static final int WORKERS = 40;

	@Autowired
	private JobOperator jobOperator;

	@Autowired
	private JobRepository jobRepository;

	@Autowired
	private Job testJob;

	@Autowired
	private JdbcTemplate jdbc;

	@DynamicPropertySource
	static void jobRepository(DynamicPropertyRegistry registry) {
		PostgresSchema.register(registry);
	}

	@Test
	void fortyWorkersRunAtOnceWithinTheDatabasesDefaultConnections() throws Exception {
		assertThat(this.jdbc.queryForObject("SHOW max_connections", Integer.class))
			.as("the CI database keeps PostgreSQL's default")
			.isLessThanOrEqualTo(100);

		JobExecution execution = JobRuns
			.start(this.jobOperator, this.jobRepository, this.testJob,
					new JobParametersBuilder().addString("partitions", Integer.toString(WORKERS))
						.addString("together", Integer.toString(WORKERS))
						.toJobParameters(),
					Duration.ofMinutes(15))
			.get();

		assertThat(execution.getStatus()).as(execution.getExitStatus().getExitDescription())
			.isEqualTo(BatchStatus.COMPLETED);
		List<StepExecution> partitions = JobRuns.steps(this.jobRepository, execution,
				TestJobsApplication.WORKER_STEP + ":");
		assertThat(partitions).hasSize(WORKERS).allSatisfy((partition) -> {
			assertThat(partition.getStatus()).isEqualTo(BatchStatus.COMPLETED);
			assertThat(partition.getExecutionContext().getInt(BehaviourTasklet.DATABASE_CONNECTIONS)).isEqualTo(2);
		});
	}

}
