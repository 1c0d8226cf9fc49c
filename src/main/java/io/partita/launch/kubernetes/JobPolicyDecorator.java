package io.partita.launch.kubernetes;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicy;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyBuilder;
import org.jspecify.annotations.Nullable;

/**
 * A {@link WorkerJobDecorator} that sets how Kubernetes runs and retries the worker's
 * pod: one pod that is never restarted in place, the backoff limit, the pod failure
 * policy, the active deadline and the TTL after finishing. An Indexed Job gets one
 * completion per partition, the window as parallelism, the backoff limit per index and
 * FailIndex instead of FailJob.
 */
final class JobPolicyDecorator implements WorkerJobDecorator {

	/**
	 * The pod condition Kubernetes adds to a pod it ends by disruption: eviction,
	 * preemption, node drain.
	 */
	static final String DISRUPTION_TARGET = "DisruptionTarget";

	/**
	 * Exit code of a worker stopped by SIGTERM: in an Indexed Job it fails its index, so
	 * that a worker the manager stopped is not started again.
	 */
	private static final int STOPPED = 143;

	@Override
	public Job decorate(Job job, WorkerJobParameters parameters) {
		KubernetesWorkerSettings settings = parameters.settings();
		Duration deadline = settings.getActiveDeadline();
		WorkerIndexes indexes = parameters.indexes();
		JobBuilder builder = new JobBuilder(job);
		if (indexes == null) {
			builder.editOrNewSpec()
				.withCompletions(1)
				.withParallelism(1)
				.withBackoffLimit(settings.getBackoffLimit())
				.withPodFailurePolicy(podFailurePolicy(settings.getPodFailurePolicy(), false))
				.endSpec();
		}
		else {
			builder.editOrNewSpec()
				.withCompletionMode("Indexed")
				.withCompletions(indexes.size())
				.withParallelism(Math.min(indexes.parallelism(), indexes.size()))
				.withBackoffLimit(null)
				.withBackoffLimitPerIndex(settings.getBackoffLimit())
				.withMaxFailedIndexes(settings.getMaxFailedIndexes())
				.withPodFailurePolicy(podFailurePolicy(settings.getPodFailurePolicy(), true))
				.endSpec();
		}
		return builder.editOrNewSpec()
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

	/**
	 * The pod failure policy: the given exit codes fail the Job (in an Indexed Job: the
	 * index, and so does a worker stopped by SIGTERM), disruptions are ignored. In an
	 * Indexed Job the disruption rule comes first, since a pod of a drained node also
	 * exits after SIGTERM.
	 */
	private static @Nullable PodFailurePolicy podFailurePolicy(KubernetesWorkerSettings.PodFailurePolicy settings,
			boolean indexed) {
		if (!settings.isEnabled()) {
			return null;
		}
		PodFailurePolicyBuilder policy = new PodFailurePolicyBuilder();
		if (indexed && settings.isIgnoreDisruptions()) {
			ignoreDisruptions(policy);
		}
		List<Integer> exitCodes = settings.getFailJobOnExitCodes()
			.stream()
			.filter((code) -> code != 0)
			.distinct()
			.sorted()
			.toList();
		if (indexed) {
			exitCodes = Stream.concat(exitCodes.stream(), Stream.of(STOPPED)).distinct().sorted().toList();
		}
		if (!exitCodes.isEmpty()) {
			policy.addNewRule()
				.withAction(indexed ? "FailIndex" : "FailJob")
				.withNewOnExitCodes()
				.withOperator("In")
				.withValues(exitCodes)
				.endOnExitCodes()
				.endRule();
		}
		if (!indexed && settings.isIgnoreDisruptions()) {
			ignoreDisruptions(policy);
		}
		PodFailurePolicy built = policy.build();
		return built.getRules().isEmpty() ? null : built;
	}

	private static void ignoreDisruptions(PodFailurePolicyBuilder policy) {
		policy.addNewRule()
			.withAction("Ignore")
			.addNewOnPodCondition()
			.withType(DISRUPTION_TARGET)
			.withStatus("True")
			.endOnPodCondition()
			.endRule();
	}

}
