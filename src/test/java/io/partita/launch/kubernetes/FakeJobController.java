package io.partita.launch.kubernetes;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;

/**
 * A test double that plays the Job controller, the kubelet and the garbage collector
 * against the CRUD mock server: for each Job Partita creates it starts pods that end as
 * planned per step execution, writes their status and the Job's conditions (whole
 * objects, the mock has no status subresource), and deletes the pods of deleted Jobs. No
 * worker code runs.
 */
final class FakeJobController implements AutoCloseable {

	private final KubernetesClient client;

	private final Map<String, List<PodOutcome>> plans = new ConcurrentHashMap<>();

	private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();

	private final Watch watch;

	FakeJobController(KubernetesClient client) {
		this.client = client;
		this.watch = client.batch()
			.v1()
			.jobs()
			.withLabel(WorkerLabels.MANAGED_BY, WorkerLabels.MANAGED_BY_VALUE)
			.watch(new Watcher<>() {

				@Override
				public void eventReceived(Action action, Job job) {
					if (!FakeJobController.this.executor.isShutdown()) {
						FakeJobController.this.executor.execute(() -> handle(action, job));
					}
				}

				@Override
				public void onClose(WatcherException cause) {
				}

			});
	}

	/**
	 * Plans the pods of the Job of the given step execution: one outcome per pod, in
	 * order.
	 */
	FakeJobController plan(long stepExecutionId, PodOutcome... outcomes) {
		this.plans.put(Long.toString(stepExecutionId), List.of(outcomes));
		return this;
	}

	private void handle(Watcher.Action action, Job job) {
		if ("Indexed".equals(job.getSpec().getCompletionMode())) {
			return; // Indexed Jobs are left to the tests that create them
		}
		if (action == Watcher.Action.ADDED) {
			List<PodOutcome> plan = this.plans.getOrDefault(
					job.getMetadata().getLabels().get(WorkerLabels.STEP_EXECUTION_ID), List.of(PodOutcome.succeed()));
			run(job, plan, 0, 0);
		}
		else if (action == Watcher.Action.DELETED) {
			this.client.pods()
				.withLabel(WorkerLabels.STEP_EXECUTION_ID,
						job.getMetadata().getLabels().get(WorkerLabels.STEP_EXECUTION_ID))
				.withLabel(WorkerLabels.ATTEMPT, job.getMetadata().getLabels().get(WorkerLabels.ATTEMPT))
				.delete();
		}
	}

	private void run(Job job, List<PodOutcome> plan, int index, int failures) {
		PodOutcome outcome = plan.get(Math.min(index, plan.size() - 1));
		String podName = podName(job, index);
		Pod pod = new PodBuilder().withNewMetadata()
			.withName(podName)
			.withLabels(job.getSpec().getTemplate().getMetadata().getLabels())
			.addToLabels("batch.kubernetes.io/job-name", job.getMetadata().getName())
			.endMetadata()
			.withSpec(job.getSpec().getTemplate().getSpec())
			.withStatus(new PodStatusBuilder().withPhase("Pending").build())
			.build();
		this.client.pods().resource(pod).create();
		switch (outcome.kind()) {
			case WAITING -> setStatus(podName,
					new PodStatusBuilder().withPhase("Pending")
						.addToContainerStatuses(new ContainerStatusBuilder().withName(WorkerContainers.NAME)
							.withNewState()
							.withNewWaiting(outcome.message(), outcome.reason())
							.endState()
							.build())
						.build());
			case UNSCHEDULABLE -> setStatus(podName,
					new PodStatusBuilder().withPhase("Pending")
						.addToConditions(new PodConditionBuilder().withType("PodScheduled")
							.withStatus("False")
							.withReason("Unschedulable")
							.withMessage(outcome.message())
							.build())
						.build());
			case RUNNING -> setStatus(podName, running());
			case DEADLINE_EXCEEDED -> {
				setStatus(podName, running());
				this.executor.schedule(() -> {
					this.client.pods().withName(podName).delete();
					fail(job, "DeadlineExceeded", "Job was active longer than specified deadline");
				}, 200, TimeUnit.MILLISECONDS);
			}
			case SUCCEED -> {
				setStatus(podName, terminated("Succeeded", 0, "Completed", null, null));
				setConditions(job,
						condition("SuccessCriteriaMet", "CompletionsReached",
								"Reached expected number of succeeded pods"),
						condition("Complete", "CompletionsReached", "Reached expected number of succeeded pods"));
			}
			case TERMINATED -> {
				setStatus(podName, terminated("Failed", outcome.exitCode(), outcome.reason(), outcome.podReason(),
						outcome.message()));
				if (outcome.exitCode() == 2 || outcome.exitCode() == 3) {
					fail(job, "PodFailurePolicy", "Container worker for pod " + podName + " failed with exit code "
							+ outcome.exitCode() + " matching FailJob rule at index 0");
				}
				else if (failures + 1 > job.getSpec().getBackoffLimit()) {
					fail(job, "BackoffLimitExceeded", "Job has reached the specified backoff limit");
				}
				else {
					run(job, plan, index + 1, failures + 1);
				}
			}
		}
	}

	/**
	 * Ends the first pod of the given Job, planned as {@link PodOutcome#running()}, with
	 * the given exit code, and finishes the Job as the Job controller would with a
	 * backoff limit of 0.
	 */
	void endRunningPod(String jobName, int exitCode) {
		try {
			this.executor.submit(() -> {
				Job job = this.client.batch().v1().jobs().withName(jobName).get();
				String podName = podName(job, 0);
				if (exitCode == 0) {
					setStatus(podName, terminated("Succeeded", 0, "Completed", null, null));
					setConditions(job,
							condition("SuccessCriteriaMet", "CompletionsReached",
									"Reached expected number of succeeded pods"),
							condition("Complete", "CompletionsReached", "Reached expected number of succeeded pods"));
				}
				else {
					setStatus(podName, terminated("Failed", exitCode, "Error", null, null));
					fail(job, "BackoffLimitExceeded", "Job has reached the specified backoff limit");
				}
			}).get(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("could not end the pod of Job " + jobName, ex);
		}
	}

	static String podName(Job job, int index) {
		return job.getMetadata().getName() + "-p" + index;
	}

	private static PodStatus running() {
		return new PodStatusBuilder().withPhase("Running")
			.addToContainerStatuses(new ContainerStatusBuilder().withName(WorkerContainers.NAME)
				.withNewState()
				.withNewRunning()
				.withStartedAt(Instant.now().toString())
				.endRunning()
				.endState()
				.build())
			.build();
	}

	private static PodStatus terminated(String phase, int exitCode, String reason, String podReason, String message) {
		ContainerStatus container = new ContainerStatusBuilder().withName(WorkerContainers.NAME)
			.withNewState()
			.withNewTerminated()
			.withExitCode(exitCode)
			.withReason(reason)
			.withFinishedAt(Instant.now().toString())
			.endTerminated()
			.endState()
			.build();
		PodStatusBuilder status = new PodStatusBuilder().withPhase(phase).addToContainerStatuses(container);
		if (podReason != null) {
			status.withReason(podReason).withMessage(message);
		}
		return status.build();
	}

	private void fail(Job job, String reason, String message) {
		setConditions(job, condition("FailureTarget", reason, message), condition("Failed", reason, message));
	}

	private void setStatus(String podName, PodStatus status) {
		this.client.pods().withName(podName).edit((pod) -> new PodBuilder(pod).withStatus(status).build());
	}

	private void setConditions(Job job, io.fabric8.kubernetes.api.model.batch.v1.JobCondition... conditions) {
		this.client.batch()
			.v1()
			.jobs()
			.withName(job.getMetadata().getName())
			.edit((current) -> new JobBuilder(current).withNewStatus().withConditions(conditions).endStatus().build());
	}

	private static io.fabric8.kubernetes.api.model.batch.v1.JobCondition condition(String type, String reason,
			String message) {
		return new JobConditionBuilder().withType(type)
			.withStatus("True")
			.withReason(reason)
			.withMessage(message)
			.build();
	}

	@Override
	public void close() {
		this.watch.close();
		this.executor.shutdownNow();
	}

	/**
	 * How one pod of a worker Job ends.
	 */
	record PodOutcome(Kind kind, int exitCode, String reason, String podReason, String message) {

		static PodOutcome succeed() {
			return new PodOutcome(Kind.SUCCEED, 0, "Completed", null, null);
		}

		static PodOutcome exit(int exitCode) {
			return new PodOutcome(Kind.TERMINATED, exitCode, "Error", null, null);
		}

		static PodOutcome oomKilled() {
			return new PodOutcome(Kind.TERMINATED, 137, "OOMKilled", null, null);
		}

		static PodOutcome evicted() {
			return new PodOutcome(Kind.TERMINATED, 137, "Error", "Evicted", "The node was low on resource: memory.");
		}

		static PodOutcome waiting(String reason, String message) {
			return new PodOutcome(Kind.WAITING, 0, reason, null, message);
		}

		static PodOutcome unschedulable(String message) {
			return new PodOutcome(Kind.UNSCHEDULABLE, 0, null, null, message);
		}

		static PodOutcome running() {
			return new PodOutcome(Kind.RUNNING, 0, null, null, null);
		}

		static PodOutcome deadlineExceeded() {
			return new PodOutcome(Kind.DEADLINE_EXCEEDED, 0, null, null, null);
		}

	}

	enum Kind {

		SUCCEED, TERMINATED, WAITING, UNSCHEDULABLE, RUNNING, DEADLINE_EXCEEDED

	}

}
