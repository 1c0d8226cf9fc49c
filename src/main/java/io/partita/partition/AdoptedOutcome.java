package io.partita.partition;

import org.springframework.batch.core.step.StepExecution;

/**
 * Carries what an adopted worker recorded in its step execution of an earlier job
 * execution over to the partition's step execution of the current one, so that the
 * current execution aggregates and remembers the partition as done.
 */
final class AdoptedOutcome {

	private AdoptedOutcome() {
	}

	static void copy(StepExecution from, StepExecution to, String note) {
		to.setStatus(from.getStatus());
		to.setExitStatus(from.getExitStatus().addExitDescription(note));
		to.setStartTime(from.getStartTime());
		to.setEndTime(from.getEndTime());
		to.setReadCount(from.getReadCount());
		to.setWriteCount(from.getWriteCount());
		to.setFilterCount(from.getFilterCount());
		to.setCommitCount(from.getCommitCount());
		to.setRollbackCount(from.getRollbackCount());
		to.setReadSkipCount(from.getReadSkipCount());
		to.setProcessSkipCount(from.getProcessSkipCount());
		to.setWriteSkipCount(from.getWriteSkipCount());
		to.setExecutionContext(from.getExecutionContext());
	}

}
