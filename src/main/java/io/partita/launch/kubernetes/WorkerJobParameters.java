package io.partita.launch.kubernetes;

import java.util.Map;

import io.partita.launch.WorkerRequest;
import io.partita.worker.WorkerContract;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * What a {@link WorkerJobFactory} builds one worker Job from.
 *
 * @param name the Job name, a DNS-1123 label
 * @param request the launch request, with the contract and the names for people
 * @param settings the effective settings of the worker step
 * @param image the container image the worker runs
 * @param applicationName the name of the application, for the
 * {@code app.kubernetes.io/name} label
 * @param indexes for an Indexed Job, its indexes, the request being that of its first
 * index; {@code null} for the Job of one partition
 */
public record WorkerJobParameters(String name, WorkerRequest request, KubernetesWorkerSettings settings, String image,
		String applicationName, @Nullable WorkerIndexes indexes) {

	public WorkerJobParameters {
		Assert.isTrue(KubernetesNames.isDns1123Label(name), () -> "name must be a DNS-1123 label, but was " + name);
	}

	/**
	 * Parameters of the Job of one partition.
	 */
	public WorkerJobParameters(String name, WorkerRequest request, KubernetesWorkerSettings settings, String image,
			String applicationName) {
		this(name, request, settings, image, applicationName, null);
	}

	/**
	 * Parameters named after the request, by {@link KubernetesNames#jobName}.
	 */
	public static WorkerJobParameters of(WorkerRequest request, KubernetesWorkerSettings settings, String image,
			String applicationName) {
		WorkerContract contract = request.contract();
		String name = KubernetesNames.jobName(request.jobName(), contract.jobExecutionId(), contract.stepExecutionId(),
				contract.attempt());
		return new WorkerJobParameters(name, request, settings, image, applicationName);
	}

	WorkerContract contract() {
		return this.request.contract();
	}

	/**
	 * Returns the contract variables of the worker container: for an Indexed Job, the
	 * ordered step execution ids instead of one, the index being the Job controller's.
	 */
	Map<String, String> contractEnvironment() {
		Map<String, String> environment = contract().toEnvironment();
		if (this.indexes != null) {
			environment.remove(WorkerContract.STEP_EXECUTION_ID);
			environment.put(WorkerContract.STEP_EXECUTION_IDS,
					WorkerContract.formatStepExecutionIds(this.indexes.stepExecutionIds()));
		}
		return environment;
	}

}
