package io.partita.partition.support;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.partita.test.InMemoryJobRepository;
import io.partita.test.ManagerSteps;
import io.partita.test.PostgresSchema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.dao.DefaultExecutionContextSerializer;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The batched read of step executions against the Spring Batch schema of H2 and
 * PostgreSQL: what it reads equals what the job repository reads, in one query per
 * {@value JdbcStepExecutionLookup#IDS_PER_QUERY} ids.
 */
class JdbcStepExecutionLookupTests {

	static Stream<String> databases() {
		return Stream.of("h2", "postgresql");
	}

	@ParameterizedTest
	@MethodSource("databases")
	void readsStepExecutionsWithTheirContextsAsTheJobRepositoryDoes(String database) throws Exception {
		try (Database db = Database.of(database)) {
			JobRepository jobRepository = InMemoryJobRepository.on(db.counting());
			StepExecution manager = ManagerSteps.startManagerStep(jobRepository, "job");
			List<StepExecution> partitions = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				partitions.add(jobRepository.createStepExecution("step:partition" + i, manager.getJobExecution()));
			}
			StepExecution completed = partitions.get(0);
			completed.setStatus(BatchStatus.COMPLETED);
			completed.setExitStatus(ExitStatus.COMPLETED);
			completed.setReadCount(7);
			completed.setWriteCount(5);
			completed.setStartTime(LocalDateTime.now());
			completed.setEndTime(LocalDateTime.now());
			jobRepository.update(completed);
			completed.getExecutionContext().putString("reader.position", "42");
			completed.getExecutionContext().putString("long", "x".repeat(3000));
			jobRepository.updateExecutionContext(completed);
			StepExecution failed = partitions.get(1);
			failed.setStatus(BatchStatus.FAILED);
			failed.setExitStatus(ExitStatus.FAILED.addExitDescription("java.lang.IllegalStateException: boom"));
			jobRepository.update(failed);
			JdbcStepExecutionLookup lookup = new JdbcStepExecutionLookup(db.counting(), "BATCH_",
					new DefaultExecutionContextSerializer(), jobRepository);

			db.statements.set(0);
			Map<Long, StepExecution> found = lookup.find(manager.getJobExecution(),
					partitions.stream().map(StepExecution::getId).toList());

			assertThat(db.statements).as("statements").hasValue(1);
			assertThat(found).containsOnlyKeys(partitions.stream().map(StepExecution::getId).toList());
			for (StepExecution partition : partitions) {
				StepExecution expected = jobRepository.getStepExecution(partition.getId());
				StepExecution actual = found.get(partition.getId());
				assertThat(actual.getStepName()).isEqualTo(expected.getStepName());
				assertThat(actual.getJobExecutionId()).isEqualTo(manager.getJobExecutionId());
				assertThat(actual.getStatus()).isEqualTo(expected.getStatus());
				assertThat(actual.getExitStatus()).isEqualTo(expected.getExitStatus());
				assertThat(actual.getExitStatus().getExitDescription())
					.isEqualTo(expected.getExitStatus().getExitDescription());
				assertThat(actual.getVersion()).isEqualTo(expected.getVersion());
				assertThat(actual.getReadCount()).isEqualTo(expected.getReadCount());
				assertThat(actual.getWriteCount()).isEqualTo(expected.getWriteCount());
				assertThat(actual.getStartTime()).isEqualTo(expected.getStartTime());
				assertThat(actual.getEndTime()).isEqualTo(expected.getEndTime());
				assertThat(actual.getLastUpdated()).isEqualTo(expected.getLastUpdated());
				assertThat(actual.getExecutionContext().toMap()).isEqualTo(expected.getExecutionContext().toMap());
			}
			assertThat(found.get(completed.getId()).getExecutionContext().getString("reader.position")).isEqualTo("42");
			StepExecution recorded = found.get(failed.getId());
			recorded.setExitStatus(ExitStatus.FAILED.addExitDescription("recorded by the manager"));
			jobRepository.update(recorded);
			recorded.getExecutionContext().putString("manager", "was here");
			jobRepository.updateExecutionContext(recorded);
			StepExecution reread = jobRepository.getStepExecution(failed.getId());
			assertThat(reread.getExitStatus().getExitDescription()).isEqualTo("recorded by the manager");
			assertThat(reread.getExecutionContext().getString("manager")).isEqualTo("was here");
		}
	}

	@ParameterizedTest
	@MethodSource("databases")
	void readsManyIdsInOneQueryPerFiveHundred(String database) throws Exception {
		try (Database db = Database.of(database)) {
			JobRepository jobRepository = InMemoryJobRepository.on(db.counting());
			StepExecution manager = ManagerSteps.startManagerStep(jobRepository, "job");
			List<Long> ids = new ArrayList<>();
			for (int i = 0; i < JdbcStepExecutionLookup.IDS_PER_QUERY + 1; i++) {
				ids.add(jobRepository.createStepExecution("step:partition" + i, manager.getJobExecution()).getId());
			}
			JdbcStepExecutionLookup lookup = new JdbcStepExecutionLookup(db.counting(), "BATCH_",
					new DefaultExecutionContextSerializer(), jobRepository);

			db.statements.set(0);
			Map<Long, StepExecution> found = lookup.find(manager.getJobExecution(), ids);

			assertThat(db.statements).as("statements").hasValue(2);
			assertThat(found).containsOnlyKeys(ids);
			assertThat(found.values()).extracting(StepExecution::getStatus).containsOnly(BatchStatus.STARTING);
		}
	}

	@ParameterizedTest
	@MethodSource("databases")
	void leavesOutIdsTheRepositoryDoesNotHold(String database) throws Exception {
		try (Database db = Database.of(database)) {
			JobRepository jobRepository = InMemoryJobRepository.on(db.counting());
			StepExecution manager = ManagerSteps.startManagerStep(jobRepository, "job");
			long id = jobRepository.createStepExecution("step:partition0", manager.getJobExecution()).getId();
			JdbcStepExecutionLookup lookup = new JdbcStepExecutionLookup(db.counting(), "BATCH_",
					new DefaultExecutionContextSerializer(), jobRepository);

			assertThat(lookup.find(manager.getJobExecution(), List.of(id, id + 1000))).containsOnlyKeys(id);
		}
	}

	/**
	 * A job repository database, with a count of the statements prepared on it.
	 */
	private record Database(DataSource dataSource, AtomicInteger statements,
			AutoCloseable closer) implements AutoCloseable {

		static Database of(String name) throws Exception {
			if (name.equals("h2")) {
				var embedded = new EmbeddedDatabaseBuilder().generateUniqueName(true)
					.setType(EmbeddedDatabaseType.H2)
					.addScript("/org/springframework/batch/core/schema-h2.sql")
					.build();
				return new Database(embedded, new AtomicInteger(), embedded::shutdown);
			}
			HikariDataSource postgres = new HikariDataSource();
			postgres.setJdbcUrl(PostgresSchema.create());
			postgres.setUsername(PostgresSchema.USER);
			postgres.setPassword(PostgresSchema.PASSWORD);
			postgres.setMaximumPoolSize(2);
			new ResourceDatabasePopulator(new ClassPathResource("org/springframework/batch/core/schema-postgresql.sql"))
				.execute(postgres);
			return new Database(postgres, new AtomicInteger(), postgres::close);
		}

		DataSource counting() {
			return new DelegatingDataSource(this.dataSource) {

				@Override
				public Connection getConnection() throws java.sql.SQLException {
					Connection connection = super.getConnection();
					return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
							new Class<?>[] { Connection.class }, (proxy, method, arguments) -> {
								if (method.getName().startsWith("prepare")) {
									Database.this.statements.incrementAndGet();
								}
								try {
									return method.invoke(connection, arguments);
								}
								catch (InvocationTargetException ex) {
									throw ex.getCause();
								}
							});
				}

			};
		}

		@Override
		public void close() throws Exception {
			this.closer.close();
		}

	}

}
