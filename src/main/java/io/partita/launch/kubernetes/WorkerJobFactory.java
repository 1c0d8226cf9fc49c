package io.partita.launch.kubernetes;

import java.util.List;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import org.springframework.util.Assert;

/**
 * Builds the batch/v1 Job of one worker by folding {@link WorkerJobDecorator}s, each
 * adding one feature, over an empty Job: pod-template file, metadata, Job policy,
 * container, scheduling, Kueue, restricted security.
 */
public class WorkerJobFactory {

	private final List<WorkerJobDecorator> decorators;

	/**
	 * A factory with the standard decorators.
	 */
	public WorkerJobFactory() {
		this(List.of(new PodTemplateFileDecorator(), new MetadataDecorator(), new JobPolicyDecorator(),
				new ContainerDecorator(), new SchedulingDecorator(), new KueueDecorator(),
				new RestrictedSecurityDecorator()));
	}

	/**
	 * A factory with the given decorators, applied in order.
	 */
	public WorkerJobFactory(List<WorkerJobDecorator> decorators) {
		Assert.notNull(decorators, "decorators must not be null");
		this.decorators = List.copyOf(decorators);
	}

	/**
	 * Builds the Job.
	 * @throws IllegalStateException when the settings cannot be applied, such as an
	 * unreadable pod-template file
	 */
	public Job create(WorkerJobParameters parameters) {
		Job job = new JobBuilder().withApiVersion("batch/v1").withKind("Job").build();
		for (WorkerJobDecorator decorator : this.decorators) {
			job = decorator.decorate(job, parameters);
		}
		return job;
	}

}
