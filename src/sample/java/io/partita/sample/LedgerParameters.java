package io.partita.sample;

import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParameter;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersValidator;

/**
 * The ledger import's job parameters, read once and checked: {@code transactions}
 * (default 100000), {@code partitions} (default 8), and {@code failPartition}, the index
 * of a partition that fails half-way through on the first run of the job instance, to
 * show failure and restart.
 *
 * @param transactions number of transactions to generate and import
 * @param partitions number of partitions, each a contiguous range of transaction ids
 * @param failPartition the partition that fails on its first run, or -1
 */
public record LedgerParameters(long transactions, int partitions, int failPartition) {

	static final String TRANSACTIONS = "transactions";

	static final String PARTITIONS = "partitions";

	static final String FAIL_PARTITION = "failPartition";

	static final long MAX_TRANSACTIONS = 100_000_000;

	static final int MAX_PARTITIONS = 10_000;

	public static LedgerParameters from(JobParameters parameters) throws InvalidJobParametersException {
		long transactions = number(parameters, TRANSACTIONS, 100_000, 1, MAX_TRANSACTIONS);
		int partitions = (int) number(parameters, PARTITIONS, 8, 1, Math.min(MAX_PARTITIONS, transactions));
		int failPartition = (int) number(parameters, FAIL_PARTITION, -1, 0, partitions - 1);
		return new LedgerParameters(transactions, partitions, failPartition);
	}

	/**
	 * A validator that refuses malformed parameters before the job starts.
	 */
	static JobParametersValidator validator() {
		return LedgerParameters::from;
	}

	private static long number(JobParameters parameters, String name, long defaultValue, long min, long max)
			throws InvalidJobParametersException {
		JobParameter<?> parameter = parameters.getParameter(name);
		if (parameter == null) {
			return defaultValue;
		}
		@Nullable Object value = parameter.value();
		try {
			long number = Long.parseLong(String.valueOf(value).trim());
			if (number >= min && number <= max) {
				return number;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new InvalidJobParametersException("Job parameter " + name + " must be a whole number from " + min + " to "
				+ max + ", but was '" + value + "' (example: " + name + "=" + Math.max(min, defaultValue) + ")");
	}

}
