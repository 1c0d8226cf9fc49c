package io.partita.sample;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Splits the transaction ids 1..n into contiguous ranges, one per partition, ignoring the
 * grid size in favour of the {@code partitions} job parameter.
 */
class LedgerRangePartitioner implements Partitioner {

	static final String MIN_ID = "minId";

	static final String MAX_ID = "maxId";

	static final String INDEX = "partitionIndex";

	private final LedgerParameters parameters;

	LedgerRangePartitioner(LedgerParameters parameters) {
		this.parameters = parameters;
	}

	@Override
	public Map<String, ExecutionContext> partition(int gridSize) {
		Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
		long size = this.parameters.transactions() / this.parameters.partitions();
		long remainder = this.parameters.transactions() % this.parameters.partitions();
		long next = 1;
		for (int index = 0; index < this.parameters.partitions(); index++) {
			long count = size + ((index < remainder) ? 1 : 0);
			ExecutionContext context = new ExecutionContext();
			context.putLong(MIN_ID, next);
			context.putLong(MAX_ID, next + count - 1);
			context.putInt(INDEX, index);
			partitions.put("partition" + index, context);
			next += count;
		}
		return partitions;
	}

}
