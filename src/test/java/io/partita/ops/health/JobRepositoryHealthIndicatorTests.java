package io.partita.ops.health;

import io.partita.test.InMemoryJobRepository;
import io.partita.test.PostgresSchema;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabase;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job repository health, against real databases.
 */
class JobRepositoryHealthIndicatorTests {

	@Test
	void upWhenTheRepositoryCanBeQueried() throws Exception {
		Health health = new JobRepositoryHealthIndicator(InMemoryJobRepository.create()).health();

		assertThat(health.getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void downWhenTheDatabaseIsGone() throws Exception {
		EmbeddedDatabase database = batchDatabase();
		JobRepositoryHealthIndicator indicator = new JobRepositoryHealthIndicator(InMemoryJobRepository.on(database));
		database.shutdown();

		Health health = indicator.health();

		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsKey("error");
	}

	@Test
	void downWhenTheDatabaseHasNoSpringBatchTables() throws Exception {
		DriverManagerDataSource empty = new DriverManagerDataSource(PostgresSchema.create(), PostgresSchema.USER,
				PostgresSchema.PASSWORD);

		Health health = new JobRepositoryHealthIndicator(InMemoryJobRepository.on(empty)).health();

		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails().get("error").toString()).containsIgnoringCase("batch_job_instance");
	}

	private static EmbeddedDatabase batchDatabase() {
		return new EmbeddedDatabaseBuilder().generateUniqueName(true)
			.setType(EmbeddedDatabaseType.H2)
			.addScript("/org/springframework/batch/core/schema-h2.sql")
			.build();
	}

}
