package io.partita.sample;

import org.jspecify.annotations.Nullable;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Rejects invalid transactions (they are counted as filtered) and, when the
 * {@code failPartition} job parameter names this partition, fails half-way through it in
 * the first job execution, every retry included: the job execution recorded in the step's
 * execution context keeps a restart (a new job execution) from failing again.
 */
class LedgerTransactionValidator implements ItemProcessor<LedgerTransaction, LedgerTransaction> {

	static final String FAILURE_INJECTED = "ledger.failureInjected";

	private final boolean failHere;

	private final long failAtId;

	private final ExecutionContext stepContext;

	private final long jobExecutionId;

	LedgerTransactionValidator(LedgerParameters parameters, ExecutionContext stepContext, long jobExecutionId) {
		this.stepContext = stepContext;
		this.jobExecutionId = jobExecutionId;
		int index = stepContext.getInt(LedgerRangePartitioner.INDEX);
		long minId = stepContext.getLong(LedgerRangePartitioner.MIN_ID);
		long maxId = stepContext.getLong(LedgerRangePartitioner.MAX_ID);
		long injectedIn = stepContext.getLong(FAILURE_INJECTED, jobExecutionId);
		this.failHere = parameters.failPartition() == index && injectedIn == jobExecutionId;
		this.failAtId = minId + (maxId - minId) / 2;
	}

	@Override
	public @Nullable LedgerTransaction process(LedgerTransaction transaction) {
		if (this.failHere && transaction.id() == this.failAtId) {
			this.stepContext.putLong(FAILURE_INJECTED, this.jobExecutionId);
			throw new IllegalStateException("Injected failure at transaction " + transaction.id()
					+ " (job parameter failPartition); restart the job execution to complete this partition");
		}
		return transaction.isValid() ? transaction : null;
	}

}
