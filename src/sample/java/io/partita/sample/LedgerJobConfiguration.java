package io.partita.sample;

import javax.sql.DataSource;

import io.partita.Partita;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.database.JdbcBatchItemWriter;
import org.springframework.batch.infrastructure.item.database.builder.JdbcBatchItemWriterBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The ledger import job: a partitioned step whose partitions each import one range of
 * generated transactions into the {@code LEDGER} table, run by Partita in workers of
 * their own, then a summary step that checks the totals, run as a remote step: the heavy
 * step of the job, in a worker of its own with its own resources on Kubernetes
 * ({@code partita.steps.ledgerSummaryStep.kubernetes.*}).
 */
@Configuration(proxyBeanMethods = false)
class LedgerJobConfiguration {

	static final String JOB = "ledgerImport";

	static final String WORKER_STEP = "ledgerWorkerStep";

	private static final int CHUNK_SIZE = 500;

	@Bean
	Job ledgerImport(JobRepository jobRepository, Partita partita, Step ledgerManagerStep, Step ledgerSummaryStep,
			LedgerSummaryPrinter summaryPrinter) {
		return new JobBuilder(JOB, jobRepository).validator(LedgerParameters.validator())
			.listener(summaryPrinter)
			.start(ledgerManagerStep)
			.next(partita.remote(ledgerSummaryStep))
			.build();
	}

	@Bean
	Step ledgerManagerStep(JobRepository jobRepository, Partita partita, LedgerRangePartitioner ledgerPartitioner) {
		return new StepBuilder("ledgerManagerStep", jobRepository).partitioner(WORKER_STEP, ledgerPartitioner)
			.partitionHandler(partita.partitionHandler(WORKER_STEP))
			.build();
	}

	@Bean
	Step ledgerWorkerStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			LedgerTransactionReader ledgerReader, LedgerTransactionValidator ledgerValidator,
			JdbcBatchItemWriter<LedgerTransaction> ledgerWriter) {
		return new StepBuilder(WORKER_STEP, jobRepository).<LedgerTransaction, LedgerTransaction>chunk(CHUNK_SIZE)
			.transactionManager(transactionManager)
			.reader(ledgerReader)
			.processor(ledgerValidator)
			.writer(ledgerWriter)
			.build();
	}

	@Bean
	Step ledgerSummaryStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			LedgerCheck ledgerCheck) {
		return new StepBuilder("ledgerSummaryStep", jobRepository).tasklet(ledgerCheck, transactionManager).build();
	}

	@Bean
	@StepScope
	LedgerRangePartitioner ledgerPartitioner(
			@Value("#{stepExecution.jobExecution.jobParameters}") JobParameters parameters) throws Exception {
		return new LedgerRangePartitioner(LedgerParameters.from(parameters));
	}

	@Bean
	@StepScope
	LedgerTransactionReader ledgerReader(@Value("#{stepExecutionContext['minId']}") long minId,
			@Value("#{stepExecutionContext['maxId']}") long maxId) {
		return new LedgerTransactionReader(minId, maxId);
	}

	@Bean
	@StepScope
	LedgerTransactionValidator ledgerValidator(@Value("#{stepExecution}") StepExecution stepExecution)
			throws Exception {
		return new LedgerTransactionValidator(LedgerParameters.from(stepExecution.getJobParameters()),
				stepExecution.getExecutionContext(), stepExecution.getJobExecutionId());
	}

	@Bean
	@StepScope
	JdbcBatchItemWriter<LedgerTransaction> ledgerWriter(DataSource dataSource,
			@Value("#{stepExecution}") StepExecution stepExecution) {
		long jobInstanceId = stepExecution.getJobExecution().getJobInstance().getInstanceId();
		String partition = stepExecution.getStepName();
		return new JdbcBatchItemWriterBuilder<LedgerTransaction>().dataSource(dataSource)
			.sql("INSERT INTO LEDGER (JOB_INSTANCE_ID, TXN_ID, ACCOUNT, AMOUNT_CENTS, PARTITION_NAME) "
					+ "VALUES (?, ?, ?, ?, ?)")
			.itemPreparedStatementSetter((transaction, statement) -> {
				statement.setLong(1, jobInstanceId);
				statement.setLong(2, transaction.id());
				statement.setString(3, transaction.account());
				statement.setLong(4, transaction.amountCents());
				statement.setString(5, partition);
			})
			.build();
	}

	@Bean
	LedgerCheck ledgerCheck(JdbcTemplate jdbcTemplate) {
		return new LedgerCheck(jdbcTemplate);
	}

	@Bean
	LedgerSummaryPrinter ledgerSummaryPrinter(JdbcTemplate jdbcTemplate, JobRepository jobRepository) {
		return new LedgerSummaryPrinter(jdbcTemplate, jobRepository);
	}

}
