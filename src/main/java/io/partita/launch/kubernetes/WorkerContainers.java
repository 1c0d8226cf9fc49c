package io.partita.launch.kubernetes;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import org.jspecify.annotations.Nullable;

/**
 * Finds and edits the worker container and pod spec of a worker Job: the container named
 * {@value #NAME}, else the first container of the pod template, else a new one named
 * {@value #NAME}.
 */
final class WorkerContainers {

	/**
	 * Name of the container that runs the worker.
	 */
	static final String NAME = "worker";

	private WorkerContainers() {
	}

	/**
	 * Returns the given Job with its pod spec replaced by the result of the given
	 * function.
	 */
	static Job editPodSpec(Job job, UnaryOperator<PodSpecBuilder> edit) {
		PodSpec current = podSpec(job);
		PodSpec edited = edit.apply((current != null) ? new PodSpecBuilder(current) : new PodSpecBuilder()).build();
		return new JobBuilder(job).editOrNewSpec().editOrNewTemplate().withSpec(edited).endTemplate().endSpec().build();
	}

	/**
	 * Returns the given Job with its worker container replaced by the result of the given
	 * function.
	 */
	static Job editWorkerContainer(Job job, UnaryOperator<ContainerBuilder> edit) {
		return editPodSpec(job, (spec) -> {
			List<Container> containers = new ArrayList<>(spec.buildContainers());
			int index = workerIndex(containers);
			if (index < 0) {
				containers.add(edit.apply(new ContainerBuilder().withName(NAME)).build());
			}
			else {
				containers.set(index, edit.apply(new ContainerBuilder(containers.get(index))).build());
			}
			return spec.withContainers(containers);
		});
	}

	/**
	 * Returns the worker container of a pod spec, or {@code null} when it has none.
	 */
	static @Nullable Container workerContainer(@Nullable PodSpec spec) {
		if (spec == null || spec.getContainers() == null) {
			return null;
		}
		int index = workerIndex(spec.getContainers());
		return (index >= 0) ? spec.getContainers().get(index) : null;
	}

	static @Nullable PodSpec podSpec(Job job) {
		if (job.getSpec() == null || job.getSpec().getTemplate() == null) {
			return null;
		}
		return job.getSpec().getTemplate().getSpec();
	}

	private static int workerIndex(List<Container> containers) {
		for (int i = 0; i < containers.size(); i++) {
			if (NAME.equals(containers.get(i).getName())) {
				return i;
			}
		}
		return containers.isEmpty() ? -1 : 0;
	}

}
