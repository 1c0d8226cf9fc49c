package io.partita.command;

import io.partita.autoconfigure.InvalidPartitaPropertyException;
import io.partita.recovery.IllegalJobExecutionStateException;
import io.partita.recovery.JobExecutionControl;
import io.partita.recovery.JobExecutionNotFoundException;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.batch.autoconfigure.JobExecutionEvent;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Restarts ({@code --partita.restart=<id>}) or recovers ({@code --partita.recover=<id>})
 * a job execution when the application starts, instead of starting a job, and publishes
 * the new execution so that the process exits with its status.
 */
public class JobExecutionCommandRunner implements ApplicationRunner {

	private final JobExecutionControl control;

	private final ApplicationEventPublisher eventPublisher;

	private final Command command;

	private final long jobExecutionId;

	public JobExecutionCommandRunner(JobExecutionControl control, ApplicationEventPublisher eventPublisher,
			Command command, long jobExecutionId) {
		this.control = control;
		this.eventPublisher = eventPublisher;
		this.command = command;
		this.jobExecutionId = jobExecutionId;
	}

	@Override
	public void run(ApplicationArguments args) {
		JobExecution next;
		try {
			next = (this.command == Command.RESTART) ? this.control.restart(this.jobExecutionId)
					: this.control.recover(this.jobExecutionId);
		}
		catch (JobExecutionNotFoundException | IllegalJobExecutionStateException ex) {
			throw new InvalidPartitaPropertyException(this.command.property, this.jobExecutionId,
					"it cannot be " + this.command.done + ": " + ex.getMessage(), this.command.action);
		}
		this.eventPublisher.publishEvent(new JobExecutionEvent(next));
	}

	/**
	 * What to do with the job execution.
	 */
	public enum Command {

		/**
		 * Restart a FAILED or STOPPED execution.
		 */
		RESTART("partita.restart", "restarted",
				"Pass the id of a FAILED or STOPPED execution in this job repository, once its workers have ended."),

		/**
		 * Recover an execution left STARTED by a manager that died.
		 */
		RECOVER("partita.recover", "recovered",
				"Pass the id of an execution left STARTED by a manager that died, in this job repository.");

		private final String property;

		private final String done;

		private final String action;

		Command(String property, String done, String action) {
			this.property = property;
			this.done = done;
			this.action = action;
		}

		public String property() {
			return this.property;
		}

	}

}
