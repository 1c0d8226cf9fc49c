package io.partita.sample;

import java.util.Map;

import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The summary step: checks that the ledger holds exactly the valid generated transactions
 * of this job instance, each once, with the expected total, and records the figures in
 * its execution context.
 */
class LedgerCheck implements Tasklet {

	static final String ROWS = "ledger.rows";

	static final String EXPECTED_ROWS = "ledger.expectedRows";

	private final JdbcTemplate jdbcTemplate;

	LedgerCheck(JdbcTemplate jdbcTemplate) {
		this.jdbcTemplate = jdbcTemplate;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
		StepExecution stepExecution = contribution.getStepExecution();
		LedgerParameters parameters = LedgerParameters.from(stepExecution.getJobParameters());
		long expectedRows = 0;
		long expectedCents = 0;
		for (long id = 1; id <= parameters.transactions(); id++) {
			LedgerTransaction transaction = LedgerTransaction.generate(id);
			if (transaction.isValid()) {
				expectedRows++;
				expectedCents += transaction.amountCents();
			}
		}
		Map<String, Object> found = this.jdbcTemplate.queryForMap(
				"SELECT COUNT(*) AS ROWS_FOUND, COUNT(DISTINCT TXN_ID) AS IDS, COALESCE(SUM(AMOUNT_CENTS), 0) AS CENTS "
						+ "FROM LEDGER WHERE JOB_INSTANCE_ID = ?",
				stepExecution.getJobExecution().getJobInstance().getInstanceId());
		long rows = ((Number) found.get("ROWS_FOUND")).longValue();
		long ids = ((Number) found.get("IDS")).longValue();
		long cents = ((Number) found.get("CENTS")).longValue();
		stepExecution.getExecutionContext().putLong(ROWS, rows);
		stepExecution.getExecutionContext().putLong(EXPECTED_ROWS, expectedRows);
		if (rows != expectedRows || ids != rows || cents != expectedCents) {
			throw new IllegalStateException("Ledger check failed: " + rows + " rows (" + ids + " distinct), expected "
					+ expectedRows + "; total " + cents + " cents, expected " + expectedCents);
		}
		return RepeatStatus.FINISHED;
	}

}
