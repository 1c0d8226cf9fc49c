package io.partita.launch.kubernetes;

import java.time.Duration;
import java.util.List;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicy;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyBuilder;
import org.jspecify.annotations.Nullable;

/**
 * A {@link WorkerJobDecorator} that sets how Kubernetes runs and retries the worker's
 * pod: one pod that is never restarted in place, the backoff limit, the pod failure
 * policy, the active deadline and the TTL after finishing.
 */
final class JobPolicyDecorator implements WorkerJobDecorator {

	/**
	 * The pod condition Kubernetes adds to a pod it ends by disruption: eviction,
	 * preemption, node drain.
	 */
	static final String DISRUPTION_TARGET = "DisruptionTarget";

	@Override
	public Job decorate(Job job, WorkerJobParameters parameters) {
		KubernetesWorkerSettings settings = parameters.settings();
		Duration deadline = settings.getActiveDeadline();
		return new JobBuilder(job).editOrNewSpec()
			.withCompletions(1)
			.withParallelism(1)
			.withBackoffLimit(settings.getBackoffLimit())
			.withPodFailurePolicy(podFailurePolicy(settings.getPodFailurePolicy()))
			.withActiveDeadlineSeconds((deadline != null) ? Math.max(1, deadline.toSeconds()) : null)
			.withTtlSecondsAfterFinished((int) Math.min(Integer.MAX_VALUE, settings.getTtlAfterFinished().toSeconds()))
			.editOrNewTemplate()
			.editOrNewSpec()
			.withRestartPolicy("Never")
			.endSpec()
			.endTemplate()
			.endSpec()
			.build();
	}

	private static @Nullable PodFailurePolicy podFailurePolicy(KubernetesWorkerSettings.PodFailurePolicy settings) {
		if (!settings.isEnabled()) {
			return null;
		}
		PodFailurePolicyBuilder policy = new PodFailurePolicyBuilder();
		List<Integer> exitCodes = settings.getFailJobOnExitCodes()
			.stream()
			.filter((code) -> code != 0)
			.distinct()
			.sorted()
			.toList();
		if (!exitCodes.isEmpty()) {
			policy.addNewRule()
				.withAction("FailJob")
				.withNewOnExitCodes()
				.withOperator("In")
				.withValues(exitCodes)
				.endOnExitCodes()
				.endRule();
		}
		if (settings.isIgnoreDisruptions()) {
			policy.addNewRule()
				.withAction("Ignore")
				.addNewOnPodCondition()
				.withType(DISRUPTION_TARGET)
				.withStatus("True")
				.endOnPodCondition()
				.endRule();
		}
		PodFailurePolicy built = policy.build();
		return built.getRules().isEmpty() ? null : built;
	}

}
