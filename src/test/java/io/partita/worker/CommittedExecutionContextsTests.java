package io.partita.worker;

import java.time.LocalDateTime;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.partita.test.InMemoryJobRepository;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.DefaultTransactionStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A chunk whose commit fails must not leave its reader's position in the saved execution
 * context: a restart would skip the items that were never written.
 */
class CommittedExecutionContextsTests {

	private static final String POSITION = "position";

	@Test
	void chunkWhoseCommitFailsLeavesThePositionOfTheLastCommittedChunk() throws Exception {
		assertThat(positionAfterSecondCommitFails(true)).isEqualTo(2);
	}

	@Test
	void withoutTheGuardSpringBatchSavesThePositionOfTheChunkThatWasNeverCommitted() throws Exception {
		assertThat(positionAfterSecondCommitFails(false)).isEqualTo(4);
	}

	private long positionAfterSecondCommitFails(boolean guarded) throws Exception {
		DataSource dataSource = new EmbeddedDatabaseBuilder().generateUniqueName(true)
			.setType(EmbeddedDatabaseType.H2)
			.addScript("/org/springframework/batch/core/schema-h2.sql")
			.build();
		JobRepository repository = InMemoryJobRepository.on(dataSource);
		if (guarded) {
			repository = (JobRepository) new CommittedExecutionContexts().postProcessAfterInitialization(repository,
					"jobRepository");
		}
		AtomicInteger commits = new AtomicInteger();
		JdbcTransactionManager failingSecondCommit = new JdbcTransactionManager(dataSource) {
			@Override
			protected void doCommit(DefaultTransactionStatus status) {
				if (commits.incrementAndGet() == 2) {
					throw new TransactionSystemException("Connection is closed");
				}
				super.doCommit(status);
			}
		};
		Step step = new StepBuilder("step", repository).<Long, Long>chunk(2)
			.transactionManager(failingSecondCommit)
			.reader(new CountingReader())
			.writer((items) -> {
			})
			.build();
		JobInstance instance = repository.createJobInstance("job", new JobParameters());
		JobExecution execution = repository.createJobExecution(instance, new JobParameters(), new ExecutionContext());
		execution.setStartTime(LocalDateTime.now());
		execution.setStatus(BatchStatus.STARTED);
		repository.update(execution);
		StepExecution stepExecution = repository.createStepExecution("step", execution);

		step.execute(stepExecution);

		StepExecution saved = InMemoryJobRepository.on(dataSource).getStepExecution(stepExecution.getId());
		assertThat(saved.getStatus()).isEqualTo(BatchStatus.FAILED);
		return saved.getExecutionContext().getLong(POSITION);
	}

	/**
	 * Reads 1, 2, 3, ... up to 10, keeping its position in the execution context.
	 */
	private static final class CountingReader implements ItemStreamReader<Long> {

		private long position;

		@Override
		public void open(ExecutionContext context) {
			this.position = context.getLong(POSITION, 0);
		}

		@Override
		public Long read() {
			return (this.position < 10) ? ++this.position : null;
		}

		@Override
		public void update(ExecutionContext context) {
			context.putLong(POSITION, this.position);
		}

	}

}
