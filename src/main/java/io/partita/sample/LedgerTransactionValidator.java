package io.partita.sample;

import org.jspecify.annotations.Nullable;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Rejects invalid transactions (they are counted as filtered) and, when the
 * {@code failPartition} job parameter names this partition, fails once half-way through
 * it: the flag recorded in the step's execution context keeps the restarted partition
 * from failing again.
 */
class LedgerTransactionValidator implements ItemProcessor<LedgerTransaction, LedgerTransaction> {

	static final String FAILURE_INJECTED = "ledger.failureInjected";

	private final boolean failHere;

	private final long failAtId;

	private final ExecutionContext stepContext;

	LedgerTransactionValidator(LedgerParameters parameters, ExecutionContext stepContext) {
		this.stepContext = stepContext;
		int index = stepContext.getInt(LedgerRangePartitioner.INDEX);
		long minId = stepContext.getLong(LedgerRangePartitioner.MIN_ID);
		long maxId = stepContext.getLong(LedgerRangePartitioner.MAX_ID);
		this.failHere = parameters.failPartition() == index && !stepContext.containsKey(FAILURE_INJECTED);
		this.failAtId = minId + (maxId - minId) / 2;
	}

	@Override
	public @Nullable LedgerTransaction process(LedgerTransaction transaction) {
		if (this.failHere && transaction.id() == this.failAtId) {
			this.stepContext.putString(FAILURE_INJECTED, "at transaction " + transaction.id());
			throw new IllegalStateException("Injected failure at transaction " + transaction.id()
					+ " (job parameter failPartition); restart the job execution to complete this partition");
		}
		return transaction.isValid() ? transaction : null;
	}

}
