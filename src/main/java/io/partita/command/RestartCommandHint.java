package io.partita.command;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.boot.batch.autoconfigure.JobExecutionEvent;
import org.springframework.context.ApplicationListener;

/**
 * Logs the command that restarts a job execution that ended FAILED or STOPPED, as run at
 * start-up by Spring Boot's job runner or by {@code --partita.restart}.
 */
public class RestartCommandHint implements ApplicationListener<JobExecutionEvent> {

	private static final Log logger = LogFactory.getLog(RestartCommandHint.class);

	@Override
	public void onApplicationEvent(JobExecutionEvent event) {
		JobExecution execution = event.getJobExecution();
		BatchStatus status = execution.getStatus();
		if (status == BatchStatus.FAILED || status == BatchStatus.STOPPED) {
			logger.info("Job execution " + execution.getId() + " of " + execution.getJobInstance().getJobName()
					+ " ended " + status + ". To restart it, run the application again with --partita.restart="
					+ execution.getId() + ": only what did not complete runs again.");
		}
	}

}
