package io.partita.it;

import java.util.Arrays;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import io.partita.worker.WorkerContract;

import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A worker step that does what the job parameters ask of its partition:
 * {@code fail=<indexes>} throws a retryable failure, {@code failFirstExecution=<indexes>}
 * throws one in the first job execution only (so a restart succeeds),
 * {@code nonRetryable=<indexes>} throws a {@link NonRetryableTestException},
 * {@code sleep=<indexes>|all} keeps working in short iterations until it is stopped,
 * {@code together=<n>} keeps working until n partitions of its job execution have started
 * (so that n workers hold their database connections at once) and records its worker's
 * pool size, and every other partition completes at once.
 */
class BehaviourTasklet implements Tasklet {

	static final String INDEX = "index";

	static final String DATABASE_CONNECTIONS = "databaseConnections";

	private static final String FAILED_IN = "failedInJobExecution";

	private final DataSource dataSource;

	BehaviourTasklet(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
		JobParameters parameters = contribution.getStepExecution().getJobParameters();
		int index = contribution.getStepExecution().getExecutionContext().getInt(INDEX);
		if (selects(parameters.getString("failFirstAttempt"), index)
				&& "1".equals(System.getenv(WorkerContract.ATTEMPT))) {
			throw new IllegalStateException("Partition " + index + " failed on its first attempt");
		}
		long jobExecutionId = contribution.getStepExecution().getJobExecutionId();
		if (selects(parameters.getString("failFirstExecution"), index) && contribution.getStepExecution()
			.getExecutionContext()
			.getLong(FAILED_IN, jobExecutionId) == jobExecutionId) {
			contribution.getStepExecution().getExecutionContext().putLong(FAILED_IN, jobExecutionId);
			throw new IllegalStateException("Partition " + index + " failed in its first job execution");
		}
		if (selects(parameters.getString("fail"), index)) {
			throw new IllegalStateException("Partition " + index + " failed on purpose");
		}
		if (selects(parameters.getString("nonRetryable"), index)) {
			throw new NonRetryableTestException("Partition " + index + " cannot succeed");
		}
		String together = parameters.getString("together");
		if (together != null) {
			if (partitions(jobExecutionId, "'FAILED'") > 0) {
				throw new IllegalStateException("A partition failed before " + together + " partitions ran together");
			}
			if (partitions(jobExecutionId, "'STARTED', 'COMPLETED'") < Integer.parseInt(together)) {
				Thread.sleep(100);
				return RepeatStatus.CONTINUABLE;
			}
			contribution.getStepExecution()
				.getExecutionContext()
				.putInt(DATABASE_CONNECTIONS, this.dataSource.unwrap(HikariDataSource.class).getMaximumPoolSize());
		}
		if (selects(parameters.getString("sleep"), index)) {
			Thread.sleep(100);
			return RepeatStatus.CONTINUABLE;
		}
		contribution.incrementWriteCount(1);
		return RepeatStatus.FINISHED;
	}

	private long partitions(long jobExecutionId, String statuses) {
		return new JdbcTemplate(this.dataSource).queryForObject(
				"SELECT COUNT(*) FROM BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID = ? AND STEP_NAME LIKE '"
						+ TestJobsApplication.WORKER_STEP + ":%' AND STATUS IN (" + statuses + ")",
				Long.class, jobExecutionId);
	}

	private static boolean selects(String indexes, int index) {
		if (indexes == null) {
			return false;
		}
		return "all".equals(indexes)
				|| Arrays.stream(indexes.split(",")).map(String::trim).anyMatch(Integer.toString(index)::equals);
	}

}
