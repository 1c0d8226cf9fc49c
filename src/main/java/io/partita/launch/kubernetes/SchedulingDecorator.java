package io.partita.launch.kubernetes;

import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

/**
 * A {@link WorkerJobDecorator} that sets where and as whom the worker pod runs: service
 * account, image pull secrets, node selector and tolerations.
 */
final class SchedulingDecorator implements WorkerJobDecorator {

	@Override
	public Job decorate(Job job, WorkerJobParameters parameters) {
		KubernetesWorkerSettings settings = parameters.settings();
		return WorkerContainers.editPodSpec(job, (spec) -> {
			if (settings.getServiceAccountName() != null) {
				spec.withServiceAccountName(settings.getServiceAccountName());
			}
			settings.getImagePullSecrets()
				.forEach((name) -> spec.addToImagePullSecrets(new LocalObjectReference(name)));
			spec.addToNodeSelector(settings.getNodeSelector());
			settings.getTolerations().forEach((toleration) -> spec.addToTolerations(toleration(toleration)));
			return spec;
		});
	}

	private static Toleration toleration(KubernetesWorkerSettings.Toleration settings) {
		Long seconds = (settings.getTolerationPeriod() != null) ? settings.getTolerationPeriod().toSeconds() : null;
		return new Toleration(settings.getEffect(), settings.getKey(), settings.getOperator(), seconds,
				settings.getValue());
	}

}
