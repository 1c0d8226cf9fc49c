package io.partita.it;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The work of the remote step: records the process it ran in and writes three items; with
 * the job parameter {@code failRemote=true} it fails in the first job execution, so a
 * restart (a new job execution) succeeds.
 */
class RemoteWorkTasklet implements Tasklet {

	static final String PID = "pid";

	private static final String FAILED_IN = "failedIn";

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		StepExecution step = contribution.getStepExecution();
		long jobExecutionId = step.getJobExecutionId();
		if ("true".equals(step.getJobParameters().getString("failRemote"))
				&& step.getExecutionContext().getLong(FAILED_IN, jobExecutionId) == jobExecutionId) {
			step.getExecutionContext().putLong(FAILED_IN, jobExecutionId);
			throw new IllegalStateException("The remote step failed on purpose");
		}
		step.getExecutionContext().putLong(PID, ProcessHandle.current().pid());
		contribution.incrementWriteCount(3);
		return RepeatStatus.FINISHED;
	}

}
