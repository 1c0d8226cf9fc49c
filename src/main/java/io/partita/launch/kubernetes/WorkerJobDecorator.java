package io.partita.launch.kubernetes;

import io.fabric8.kubernetes.api.model.batch.v1.Job;

/**
 * One step in building a worker Job: adds one feature to the Job built so far. A
 * {@link WorkerJobFactory} folds its decorators in order.
 */
@FunctionalInterface
public interface WorkerJobDecorator {

	/**
	 * Returns the given Job with this decorator's feature added.
	 * @param job the Job built so far; decorators return a new object rather than change
	 * this one
	 * @param parameters what the Job is built from
	 */
	Job decorate(Job job, WorkerJobParameters parameters);

}
