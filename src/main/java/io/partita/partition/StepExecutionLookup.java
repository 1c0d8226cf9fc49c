package io.partita.partition;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.util.Assert;

/**
 * Reads, for a {@link WorkerPartitionHandler}, the step executions of partitions as the
 * {@link JobRepository} holds them now, each with its execution context: the outcomes of
 * every worker end the manager has yet to record, in one read where the repository allows
 * it.
 */
@FunctionalInterface
public interface StepExecutionLookup {

	/**
	 * Returns the given step executions of the given job execution, as recorded now, each
	 * with its execution context, by id; an id the repository does not hold is left out.
	 * Each step execution returned belongs to a job execution of the given one's id read
	 * from the repository, or to a copy of the given one with its id, job instance,
	 * parameters, version and status only; never to the given object. Either way they can
	 * be updated through the job repository.
	 * @param jobExecution the job execution the step executions belong to
	 * @param stepExecutionIds the ids of the step executions
	 * @return the step executions found, by id
	 */
	Map<Long, StepExecution> find(JobExecution jobExecution, Collection<Long> stepExecutionIds);

	/**
	 * Returns a lookup that reads each step execution on its own with
	 * {@link JobRepository#getStepExecution(long)}, for any job repository. An id the
	 * JDBC job repository answers with an {@link EmptyResultDataAccessException} is left
	 * out.
	 * @param jobRepository the job repository
	 * @return the lookup
	 */
	static StepExecutionLookup of(JobRepository jobRepository) {
		Assert.notNull(jobRepository, "jobRepository must not be null");
		return (jobExecution, stepExecutionIds) -> {
			Map<Long, StepExecution> found = new LinkedHashMap<>();
			for (long id : stepExecutionIds) {
				try {
					StepExecution stepExecution = jobRepository.getStepExecution(id);
					if (stepExecution != null) {
						found.put(id, stepExecution);
					}
				}
				catch (EmptyResultDataAccessException ex) {
					// not held: left out
				}
			}
			return found;
		};
	}

}
