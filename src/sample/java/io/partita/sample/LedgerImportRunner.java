package io.partita.sample;

import java.util.Properties;

import org.springframework.batch.core.converter.DefaultJobParametersConverter;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.batch.autoconfigure.JobExecutionEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.util.StringUtils;

/**
 * Starts a new ledger import instance from the {@code name=value} command-line arguments,
 * adding a {@code run.id} one higher than the last instance's so that every run is a new
 * instance.
 */
class LedgerImportRunner implements ApplicationRunner {

	static final String RUN_ID = "run.id";

	private final JobOperator jobOperator;

	private final JobRepository jobRepository;

	private final Job job;

	private final ApplicationEventPublisher eventPublisher;

	LedgerImportRunner(JobOperator jobOperator, JobRepository jobRepository, Job job,
			ApplicationEventPublisher eventPublisher) {
		this.jobOperator = jobOperator;
		this.jobRepository = jobRepository;
		this.job = job;
		this.eventPublisher = eventPublisher;
	}

	@Override
	public void run(ApplicationArguments args) throws Exception {
		Properties properties = StringUtils
			.splitArrayElementsIntoProperties(args.getNonOptionArgs().toArray(new String[0]), "=");
		JobParameters parameters = new DefaultJobParametersConverter()
			.getJobParameters((properties != null) ? properties : new Properties());
		if (parameters.getParameter(RUN_ID) == null) {
			parameters = new JobParametersBuilder(parameters).addLong(RUN_ID, nextRunId()).toJobParameters();
		}
		JobExecution execution = this.jobOperator.start(this.job, parameters);
		this.eventPublisher.publishEvent(new JobExecutionEvent(execution));
	}

	private long nextRunId() {
		JobInstance last = this.jobRepository.getLastJobInstance(this.job.getName());
		if (last == null) {
			return 1;
		}
		JobExecution execution = this.jobRepository.getLastJobExecution(last);
		Long runId = (execution != null) ? execution.getJobParameters().getLong(RUN_ID) : null;
		return (runId != null) ? runId + 1 : last.getInstanceId() + 1;
	}

}
