package io.partita.launch.kubernetes;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;

/**
 * A {@link WorkerJobDecorator} that submits the Job to a Kueue local queue by its
 * queue-name label. Kueue then suspends the Job until it admits it; the launcher treats a
 * suspended Job as waiting.
 */
final class KueueDecorator implements WorkerJobDecorator {

	@Override
	public Job decorate(Job job, WorkerJobParameters parameters) {
		String queueName = parameters.settings().getQueueName();
		if (queueName == null || queueName.isBlank()) {
			return job;
		}
		return new JobBuilder(job).editOrNewMetadata()
			.addToLabels(WorkerLabels.KUEUE_QUEUE_NAME, queueName)
			.endMetadata()
			.build();
	}

}
