package io.partita.recovery;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobExecutionNotRunningException;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.dao.OptimisticLockingFailureException;

/**
 * Asks a job execution to stop through the job repository, the one way to stop that
 * serves the replace policy, the manager's shutdown and the endpoint. It records STOPPING
 * on the job execution only, as a stop from another manager does: the run's own thread
 * sees it at its next update, stops its steps (a partitioned step its workers) and ends
 * the execution STOPPED, so that STOPPED means no thread of it is left. Spring Batch's
 * {@code JobOperator.stop} does more, and each of it races the run: it records an end
 * time (the execution reads STOPPED while its thread still runs, and a restart then could
 * run beside it), and it writes the running step executions and the job's execution
 * context from its own copies, which fails the step's next update (optimistic locking) or
 * loses what the step wrote. A stop that meets the run's own update (its start, its end)
 * is made again on what the repository holds then; the run's side of the same race is
 * {@link StopSafeJobRepository}'s.
 */
public final class JobExecutionStops {

	private JobExecutionStops() {
	}

	/**
	 * Asks the given execution to stop; one already asked (STOPPING) is left as it is.
	 * @param jobRepository the repository that records the stop
	 * @param execution the execution
	 * @throws JobExecutionNotRunningException if it is not running, or ended meanwhile
	 */
	public static void stop(JobRepository jobRepository, JobExecution execution)
			throws JobExecutionNotRunningException {
		JobExecution current = execution;
		for (int attempt = 1;; attempt++) {
			if (current.getStatus() == BatchStatus.STOPPING) {
				return;
			}
			try {
				record(jobRepository, current);
				return;
			}
			catch (OptimisticLockingFailureException conflict) {
				// the run recorded itself meanwhile (its start, its end): each retry
				// needs another of its writes, and a run makes only a few in a row
				if (attempt >= StopSafeJobRepository.MAX_ATTEMPTS) {
					throw conflict;
				}
				current = jobRepository.getJobExecution(execution.getId());
				if (current == null) {
					throw new JobExecutionNotRunningException("Job execution " + execution.getId() + " was deleted");
				}
			}
		}
	}

	private static void record(JobRepository jobRepository, JobExecution execution)
			throws JobExecutionNotRunningException {
		BatchStatus status = execution.getStatus();
		if (status != BatchStatus.STARTING && status != BatchStatus.STARTED) {
			throw new JobExecutionNotRunningException(
					"Job execution " + execution.getId() + " is " + status + ", not running");
		}
		jobRepository.update(new StopOfVersion(execution));
	}

	/**
	 * The stop of what a given version of an execution held. Spring Batch's
	 * {@code update(JobExecution)} first adopts the version the repository holds by then
	 * ({@code synchronizeStatus}), so a stop read before the run recorded its end would
	 * be written over that end, leaving the execution STOPPING with no thread behind it.
	 * Keeping the version read makes the update's optimistic lock fail instead, and the
	 * stop is made again on the fresh execution, or given up if it ended.
	 */
	private static final class StopOfVersion extends JobExecution {

		private final boolean versionRead;

		StopOfVersion(JobExecution execution) {
			super(execution.getId(), execution.getJobInstance(), execution.getJobParameters());
			setVersion(execution.getVersion());
			this.versionRead = true;
			setCreateTime(execution.getCreateTime());
			if (execution.getStartTime() != null) {
				setStartTime(execution.getStartTime());
			}
			setStatus(BatchStatus.STOPPING);
			setExitStatus(ExitStatus.STOPPED);
		}

		@Override
		public void setVersion(Integer version) {
			if (!this.versionRead) {
				super.setVersion(version);
			}
		}

	}

}
