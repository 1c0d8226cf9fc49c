package io.partita.recovery;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobExecutionNotRunningException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.dao.OptimisticLockingFailureException;

/**
 * Asks a job execution to stop through the job repository, the one way to stop that
 * serves the replace policy, the manager's shutdown and the endpoint. A stop that meets
 * the run's own update (its start, its end) is made again on what the repository holds
 * then; the run's side of the same race is {@link StopSafeJobRepository}'s.
 */
public final class JobExecutionStops {

	private JobExecutionStops() {
	}

	/**
	 * Asks the given execution to stop.
	 * @param jobOperator the operator that records the stop
	 * @param jobRepository the repository to read the execution again from
	 * @param execution the execution
	 * @throws JobExecutionNotRunningException if it is not running, or ended meanwhile
	 */
	public static void stop(JobOperator jobOperator, JobRepository jobRepository, JobExecution execution)
			throws JobExecutionNotRunningException {
		try {
			jobOperator.stop(execution);
		}
		catch (OptimisticLockingFailureException ex) {
			JobExecution current = jobRepository.getJobExecution(execution.getId());
			if (current == null || !current.isRunning()) {
				throw new JobExecutionNotRunningException("Job execution " + execution.getId() + " ended meanwhile");
			}
			jobOperator.stop(current);
		}
	}

}
