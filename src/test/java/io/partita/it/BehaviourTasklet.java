package io.partita.it;

import java.util.Arrays;

import io.partita.worker.WorkerContract;

import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * A worker step that does what the job parameters ask of its partition:
 * {@code fail=<indexes>} throws a retryable failure, {@code failFirstExecution=<indexes>}
 * throws one in the first job execution only (so a restart succeeds),
 * {@code nonRetryable=<indexes>} throws a {@link NonRetryableTestException},
 * {@code sleep=<indexes>|all} keeps working in short iterations until it is stopped, and
 * every other partition completes at once.
 */
class BehaviourTasklet implements Tasklet {

	static final String INDEX = "index";

	private static final String FAILED_IN = "failedInJobExecution";

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
		if (selects(parameters.getString("sleep"), index)) {
			Thread.sleep(100);
			return RepeatStatus.CONTINUABLE;
		}
		contribution.incrementWriteCount(1);
		return RepeatStatus.FINISHED;
	}

	private static boolean selects(String indexes, int index) {
		if (indexes == null) {
			return false;
		}
		return "all".equals(indexes)
				|| Arrays.stream(indexes.split(",")).map(String::trim).anyMatch(Integer.toString(index)::equals);
	}

}
