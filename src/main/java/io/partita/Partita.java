package io.partita;

import java.util.Arrays;
import java.util.Map;

import io.partita.launch.WorkerLauncher;
import io.partita.partition.WorkerPartitionHandler;

import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.Assert;

/**
 * The entry point for wiring Partita into a job: hands out {@link PartitionHandler}s that
 * run each partition in a worker of its own, and remote steps that run a whole step in a
 * worker, configured from the {@code partita.*} properties.
 *
 * <pre class="code">
 * new StepBuilder("managerStep", jobRepository)
 *     .partitioner("workerStep", partitioner)
 *     .partitionHandler(partita.partitionHandler("workerStep"))
 *     .build();
 * new JobBuilder("job", jobRepository)
 *     .start(validateStep)
 *     .next(partita.remote(heavyStep))
 *     .build();
 * </pre>
 */
public class Partita {

	/**
	 * Name of the one partition of a {@link #remote(Step) remote step}: its worker's step
	 * execution is named {@code <step>:remote}.
	 */
	public static final String REMOTE_PARTITION = "remote";

	private final WorkerLauncher launcher;

	private final JobRepository jobRepository;

	private final ListableBeanFactory beanFactory;

	private final PartitionHandlerCustomizer customizer;

	public Partita(WorkerLauncher launcher, JobRepository jobRepository, ListableBeanFactory beanFactory,
			PartitionHandlerCustomizer customizer) {
		this.launcher = launcher;
		this.jobRepository = jobRepository;
		this.beanFactory = beanFactory;
		this.customizer = customizer;
	}

	/**
	 * Returns a partition handler whose workers run the given step.
	 * @param workerStepName the bean name of the worker {@link Step}; workers run the
	 * same application, so the manager must define it too
	 * @throws IllegalArgumentException if there is no {@code Step} bean of that name
	 */
	public WorkerPartitionHandler partitionHandler(String workerStepName) {
		Assert.hasText(workerStepName, "workerStepName must not be empty");
		if (!this.beanFactory.containsBean(workerStepName)
				|| !this.beanFactory.isTypeMatch(workerStepName, Step.class)) {
			throw new IllegalArgumentException("Partita cannot run partitions of '" + workerStepName
					+ "': this application has no Step bean of that name (Step beans: "
					+ Arrays.toString(this.beanFactory.getBeanNamesForType(Step.class, false, false))
					+ "). Workers run the same application as the manager, so the worker step must be a bean.");
		}
		WorkerPartitionHandler handler = new WorkerPartitionHandler(this.launcher, this.jobRepository, workerStepName);
		this.customizer.customize(handler);
		return handler;
	}

	/**
	 * Returns a partition handler whose workers run the given step, and whose partitioner
	 * is asked for the given grid size. Spring Batch applies a step builder's
	 * {@code gridSize(n)} only to the handler it builds itself, so a step that had one
	 * gives it here.
	 * @param workerStepName the bean name of the worker {@link Step}
	 * @param gridSize the grid size passed to the partitioner
	 * @throws IllegalArgumentException if there is no {@code Step} bean of that name, or
	 * the grid size is below 1
	 */
	public WorkerPartitionHandler partitionHandler(String workerStepName, int gridSize) {
		WorkerPartitionHandler handler = partitionHandler(workerStepName);
		handler.setGridSize(gridSize);
		return handler;
	}

	/**
	 * Returns a step that runs the given step in a worker of its own, through the same
	 * contract, launcher, diagnostics, retries and restart as partitions: a step is a
	 * partition of one. The returned step has the given step's name; the job goes on when
	 * the worker is done, and the returned step's execution mirrors the worker's outcome
	 * and counts. On restart it runs again only if the worker's step did not complete,
	 * from the execution context it saved.
	 * @param step the step to run remotely; it must be a bean of this application, named
	 * as the step
	 * @throws IllegalArgumentException if there is no {@code Step} bean of that name
	 */
	public Step remote(Step step) {
		Assert.notNull(step, "step must not be null");
		String name = step.getName();
		return new StepBuilder(name, this.jobRepository)
			.partitioner(name, (gridSize) -> Map.of(REMOTE_PARTITION, new ExecutionContext()))
			.partitionHandler(partitionHandler(name, 1))
			.build();
	}

	/**
	 * Applies settings to each handler {@link Partita} hands out.
	 */
	@FunctionalInterface
	public interface PartitionHandlerCustomizer {

		void customize(WorkerPartitionHandler handler);

	}

}
