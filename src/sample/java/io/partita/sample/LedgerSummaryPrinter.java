package io.partita.sample;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Prints a short summary when a ledger import ends: partitions, records, time, outcome,
 * and how to restart a failed execution. The partitions' figures are read back from the
 * job repository, where the workers recorded them.
 */
class LedgerSummaryPrinter implements JobExecutionListener {

	private final JdbcTemplate jdbcTemplate;

	private final JobRepository jobRepository;

	private final PrintStream out;

	LedgerSummaryPrinter(JdbcTemplate jdbcTemplate, JobRepository jobRepository) {
		this.jdbcTemplate = jdbcTemplate;
		this.jobRepository = jobRepository;
		this.out = System.out;
	}

	@Override
	public void afterJob(JobExecution jobExecution) {
		JobExecution recorded = this.jobRepository.getJobExecution(jobExecution.getId());
		List<StepExecution> partitions = ((recorded != null) ? recorded : jobExecution).getStepExecutions()
			.stream()
			.filter((step) -> step.getStepName().startsWith(LedgerJobConfiguration.WORKER_STEP + ":"))
			.toList();
		List<String> failed = partitions.stream()
			.filter((step) -> step.getStatus() != BatchStatus.COMPLETED)
			.map((step) -> step.getStepName() + " " + step.getStatus())
			.toList();
		long written = partitions.stream().mapToLong(StepExecution::getWriteCount).sum();
		long rejected = partitions.stream().mapToLong(StepExecution::getFilterCount).sum();
		Long rows = this.jdbcTemplate.queryForObject("SELECT COUNT(*) FROM LEDGER WHERE JOB_INSTANCE_ID = ?",
				Long.class, jobExecution.getJobInstance().getInstanceId());
		Duration took = (jobExecution.getStartTime() != null && jobExecution.getEndTime() != null)
				? Duration.between(jobExecution.getStartTime(), jobExecution.getEndTime()) : Duration.ZERO;
		this.out.printf("%nLedger import %s#%d (job instance %d): %s in %.1f s%n",
				jobExecution.getJobInstance().getJobName(), jobExecution.getId(),
				jobExecution.getJobInstance().getInstanceId(), jobExecution.getStatus(), took.toMillis() / 1000.0);
		this.out.printf("  partitions run: %d, completed: %d%s%n", partitions.size(), partitions.size() - failed.size(),
				failed.isEmpty() ? "" : ", not completed: " + String.join(", ", failed));
		this.out.printf("  records: %d written and %d rejected by this execution; ledger holds %d rows%n", written,
				rejected, rows);
		if (jobExecution.getStatus() == BatchStatus.FAILED || jobExecution.getStatus() == BatchStatus.STOPPED) {
			this.out.printf("  restart: run the same command with --partita.restart=%d%n", jobExecution.getId());
		}
	}

}
