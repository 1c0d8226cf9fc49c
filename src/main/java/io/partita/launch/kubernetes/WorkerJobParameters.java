package io.partita.launch.kubernetes;

import io.partita.launch.WorkerRequest;
import io.partita.worker.WorkerContract;
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
 */
public record WorkerJobParameters(String name, WorkerRequest request, KubernetesWorkerSettings settings, String image,
		String applicationName) {

	public WorkerJobParameters {
		Assert.isTrue(KubernetesNames.isDns1123Label(name), () -> "name must be a DNS-1123 label, but was " + name);
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

}
