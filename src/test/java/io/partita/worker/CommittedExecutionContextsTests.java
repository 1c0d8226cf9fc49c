package io.partita.worker;

import java.time.LocalDateTime;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.partita.test.InMemoryJobRepository;
import org.junit.jupiter.api.Test;

import org.aopalliance.intercept.MethodInterceptor;

import org.springframework.aop.framework.ProxyFactory;
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
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A chunk whose transaction fails must leave the saved execution context as the database
 * committed it: a position past items never written would skip them on restart, and one
 * before items written would write them twice.
 */
class CommittedExecutionContextsTests {

	private static final String POSITION = "position";

	@Test
	void chunkWhoseTransactionFailsLeavesThePositionOfTheLastCommittedChunk() throws Exception {
		assertThat(savedPosition(true, Failure.STEP_UPDATE_IN_SECOND_CHUNK)).isEqualTo(2);
	}

	@Test
	void withoutTheGuardSpringBatchSavesThePositionOfTheChunkThatWasNeverCommitted() throws Exception {
		assertThat(savedPosition(false, Failure.STEP_UPDATE_IN_SECOND_CHUNK)).isEqualTo(4);
	}

	@Test
	void chunkCommittedByTheDatabaseButReportedFailedKeepsItsCommittedPosition() throws Exception {
		assertThat(savedPosition(true, Failure.ANSWER_OF_SECOND_COMMIT)).isEqualTo(4);
	}

	/**
	 * Runs a step of chunks of two items, with the given failure in its second chunk, and
	 * returns the position saved in the job repository.
	 */
	private long savedPosition(boolean guarded, Failure failure) throws Exception {
		DataSource dataSource = new EmbeddedDatabaseBuilder().generateUniqueName(true)
			.setType(EmbeddedDatabaseType.H2)
			.addScript("/org/springframework/batch/core/schema-h2.sql")
			.build();
		JobRepository repository = InMemoryJobRepository.on(dataSource);
		if (guarded) {
			repository = (JobRepository) new CommittedExecutionContexts().postProcessAfterInitialization(repository,
					"jobRepository");
		}
		if (failure == Failure.STEP_UPDATE_IN_SECOND_CHUNK) {
			repository = failingSecondStepUpdateInATransaction(repository);
		}
		AtomicInteger commits = new AtomicInteger();
		JdbcTransactionManager transactionManager = new JdbcTransactionManager(dataSource) {
			@Override
			protected void doCommit(DefaultTransactionStatus status) {
				super.doCommit(status);
				if (failure == Failure.ANSWER_OF_SECOND_COMMIT && commits.incrementAndGet() == 2) {
					throw new TransactionSystemException("Connection is closed");
				}
			}
		};
		Step step = new StepBuilder("step", repository).<Long, Long>chunk(2)
			.transactionManager(transactionManager)
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
	 * The database fails while the second chunk's transaction saves the step execution,
	 * after its context was saved: the transaction rolls back.
	 */
	private static JobRepository failingSecondStepUpdateInATransaction(JobRepository repository) {
		AtomicInteger updates = new AtomicInteger();
		ProxyFactory proxy = new ProxyFactory(repository);
		proxy.addInterface(JobRepository.class);
		proxy.addAdvice((MethodInterceptor) (invocation) -> {
			if (invocation.getMethod().getName().equals("update")
					&& invocation.getArguments()[0] instanceof StepExecution
					&& TransactionSynchronizationManager.isSynchronizationActive() && updates.incrementAndGet() == 2) {
				throw new CannotGetJdbcConnectionException("Connection refused");
			}
			return invocation.proceed();
		});
		return (JobRepository) proxy.getProxy(CommittedExecutionContextsTests.class.getClassLoader());
	}

	private enum Failure {

		/**
		 * The second chunk's transaction fails before its commit and rolls back.
		 */
		STEP_UPDATE_IN_SECOND_CHUNK,

		/**
		 * The database commits the second chunk, but the answer is lost: the commit
		 * reports a failure.
		 */
		ANSWER_OF_SECOND_COMMIT

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
