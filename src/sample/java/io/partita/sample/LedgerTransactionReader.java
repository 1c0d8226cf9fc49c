package io.partita.sample;

import org.jspecify.annotations.Nullable;

import org.springframework.batch.infrastructure.item.support.AbstractItemCountingItemStreamItemReader;

/**
 * Reads the generated transactions of one id range. Its position (the read count) is
 * saved in the step's execution context at every commit, so a restarted partition resumes
 * after the last committed chunk.
 */
class LedgerTransactionReader extends AbstractItemCountingItemStreamItemReader<LedgerTransaction> {

	private final long minId;

	private final long maxId;

	private long nextId;

	LedgerTransactionReader(long minId, long maxId) {
		this.minId = minId;
		this.maxId = maxId;
		setName("ledgerReader");
		setMaxItemCount((int) Math.min(Integer.MAX_VALUE, maxId - minId + 1));
	}

	@Override
	protected void doOpen() {
		this.nextId = this.minId;
	}

	@Override
	protected @Nullable LedgerTransaction doRead() {
		return (this.nextId <= this.maxId) ? LedgerTransaction.generate(this.nextId++) : null;
	}

	@Override
	protected void jumpToItem(int itemIndex) {
		this.nextId = this.minId + itemIndex;
	}

	@Override
	protected void doClose() {
	}

}
