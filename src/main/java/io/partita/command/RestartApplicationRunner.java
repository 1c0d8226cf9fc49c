package io.partita.command;

import io.partita.autoconfigure.InvalidPartitaPropertyException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.batch.autoconfigure.JobExecutionEvent;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Restarts the job execution named by {@code partita.restart} when the application
 * starts. Only a FAILED or STOPPED execution is restarted; partitions that completed are
 * not run again and the others resume from their last saved execution context.
 */
public class RestartApplicationRunner implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(RestartApplicationRunner.class);

	private static final String PROPERTY = "partita.restart";

	private final JobOperator jobOperator;

	private final JobRepository jobRepository;

	private final ApplicationEventPublisher eventPublisher;

	private final long jobExecutionId;

	public RestartApplicationRunner(JobOperator jobOperator, JobRepository jobRepository,
			ApplicationEventPublisher eventPublisher, long jobExecutionId) {
		this.jobOperator = jobOperator;
		this.jobRepository = jobRepository;
		this.eventPublisher = eventPublisher;
		this.jobExecutionId = jobExecutionId;
	}

	@Override
	public void run(ApplicationArguments args) throws Exception {
		JobExecution execution = this.jobRepository.getJobExecution(this.jobExecutionId);
		if (execution == null) {
			throw new InvalidPartitaPropertyException(PROPERTY, this.jobExecutionId,
					"the job repository has no job execution with that id",
					"Use the id printed when the execution failed, and the same job repository.");
		}
		BatchStatus status = execution.getStatus();
		if (status != BatchStatus.FAILED && status != BatchStatus.STOPPED) {
			throw new InvalidPartitaPropertyException(PROPERTY, this.jobExecutionId,
					"job execution " + this.jobExecutionId + " of " + execution.getJobInstance().getJobName() + " is "
							+ status + ", and only a FAILED or STOPPED execution can be restarted",
					status.isRunning() ? "Stop it first, or wait for it to end." : "Restart a FAILED or STOPPED one.");
		}
		logger
			.info("Restarting job execution " + this.jobExecutionId + " of " + execution.getJobInstance().getJobName());
		JobExecution restarted = this.jobOperator.restart(execution);
		this.eventPublisher.publishEvent(new JobExecutionEvent(restarted));
	}

}
