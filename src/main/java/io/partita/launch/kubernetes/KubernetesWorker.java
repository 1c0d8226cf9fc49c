package io.partita.launch.kubernetes;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import io.partita.launch.Worker;
import io.partita.launch.WorkerExit;
import io.partita.launch.WorkerRequest;
import io.partita.worker.WorkerContract;
import org.jspecify.annotations.Nullable;

/**
 * A worker running as a Kubernetes Job. It learns of its Job and pods from events and
 * decides when it has ended: when its Job has finished (Complete or Failed, never at a
 * failed pod while the backoff limit allows another) or is gone, and no pod of it is
 * still alive. It talks to no API server itself: its {@link Actions} do.
 */
final class KubernetesWorker implements Worker {

	private final String name;

	private final WorkerRequest request;

	private final KubernetesWorkerSettings settings;

	private final Actions actions;

	private final CompletableFuture<WorkerExit> exit = new CompletableFuture<>();

	private final Map<String, WorkerPod> pods = new LinkedHashMap<>();

	private State state = State.PENDING;

	private @Nullable JobState job;

	private boolean jobDeleted;

	private boolean stopRequested;

	private @Nullable WorkerPod lastEndedPod;

	private @Nullable String lastWaitingReason;

	/**
	 * Whether no pod of the worker has been seen yet while its Job controller queues it.
	 */
	private volatile boolean queued;

	KubernetesWorker(String name, WorkerRequest request, KubernetesWorkerSettings settings, Actions actions) {
		this(name, request, settings, actions, false);
	}

	/**
	 * A worker, queued until its first pod is seen when the Job controller keeps its
	 * window (an index of an Indexed Job).
	 */
	KubernetesWorker(String name, WorkerRequest request, KubernetesWorkerSettings settings, Actions actions,
			boolean queued) {
		this.name = name;
		this.request = request;
		this.settings = settings;
		this.actions = actions;
		this.queued = queued;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public CompletableFuture<WorkerExit> exit() {
		return this.exit;
	}

	/**
	 * Deletes the Job (its pods get SIGTERM, then SIGKILL after their grace period); the
	 * worker ends once its pods are gone.
	 * @see Worker#stop()
	 */
	@Override
	public void stop() {
		boolean delete;
		synchronized (this) {
			if (this.stopRequested || this.state == State.ENDING) {
				return;
			}
			this.stopRequested = true;
			delete = this.state == State.CREATED && !this.jobDeleted;
		}
		if (delete) {
			this.actions.deleteJob(this);
		}
	}

	/**
	 * @see Worker#isQueued()
	 */
	@Override
	public boolean isQueued() {
		return this.queued;
	}

	/**
	 * Returns the names of the worker's pods that have not ended.
	 */
	synchronized List<String> livePodNames() {
		return this.pods.values().stream().filter((pod) -> !pod.isTerminated()).map(WorkerPod::name).toList();
	}

	/**
	 * Returns what keeps the worker's pod from running, if anything.
	 */
	synchronized @Nullable String waitingReason() {
		return this.lastWaitingReason;
	}

	synchronized boolean isJobDeleted() {
		return this.jobDeleted;
	}

	WorkerRequest request() {
		return this.request;
	}

	KubernetesWorkerSettings settings() {
		return this.settings;
	}

	String key() {
		WorkerContract contract = this.request.contract();
		return WorkerLabels.workerKey(contract.stepExecutionId(), contract.attempt());
	}

	/**
	 * Whether the worker may still create its Job: it was not stopped before.
	 */
	synchronized boolean mayCreate() {
		return !this.stopRequested && this.state == State.PENDING;
	}

	/**
	 * Records that the Job was created or adopted.
	 * @return whether the worker was asked to stop meanwhile, so the Job must be deleted
	 * again
	 */
	synchronized boolean created() {
		if (this.state == State.PENDING) {
			this.state = State.CREATED;
		}
		evaluate();
		return this.stopRequested;
	}

	/**
	 * Ends the worker without a Job: its launch failed, or it was stopped before its Job
	 * was created.
	 */
	void endWithoutJob(WorkerExit exit) {
		synchronized (this) {
			if (this.state == State.ENDING) {
				return;
			}
			this.state = State.ENDING;
		}
		this.exit.complete(exit);
	}

	synchronized void jobChanged(JobState job) {
		if (this.exit.isDone()) {
			return;
		}
		this.job = job;
		if (job.isSuspended() && this.lastWaitingReason == null) {
			this.lastWaitingReason = "Job suspended" + ((this.settings.getQueueName() != null)
					? " until Kueue admits it to queue " + this.settings.getQueueName() : "");
		}
		else if (!job.isSuspended() && this.lastWaitingReason != null
				&& this.lastWaitingReason.startsWith("Job suspended")) {
			this.lastWaitingReason = null;
		}
		evaluate();
	}

	synchronized void jobDeleted() {
		this.jobDeleted = true;
		evaluate();
	}

	synchronized void podChanged(WorkerPod pod) {
		this.queued = false;
		if (this.exit.isDone()) {
			return;
		}
		this.pods.put(pod.name(), pod);
		String waiting = pod.waitingReason();
		if (waiting != null) {
			this.lastWaitingReason = waiting;
		}
		else if (pod.isRunning() || pod.isTerminated()) {
			this.lastWaitingReason = null;
		}
		if (pod.isTerminated()) {
			this.lastEndedPod = pod;
		}
		evaluate();
	}

	synchronized void podDeleted(WorkerPod pod) {
		WorkerPod known = this.pods.remove(pod.name());
		if (this.lastEndedPod == null || !this.lastEndedPod.isTerminated()) {
			this.lastEndedPod = (known != null) ? known : pod;
		}
		evaluate();
	}

	/**
	 * Completes the exit; called by the actions once they have gathered the log tail.
	 * Forgets the Job and pods seen, so that a worker kept until its whole round ends
	 * holds no copies of them.
	 */
	void complete(WorkerExit exit) {
		synchronized (this) {
			this.pods.clear();
			this.lastEndedPod = null;
			this.job = null;
		}
		this.exit.complete(exit);
	}

	private void evaluate() {
		if (this.state != State.CREATED) {
			return;
		}
		Ending ending = decide();
		if (ending != null) {
			this.state = State.ENDING;
			this.actions.end(this, ending);
		}
	}

	private @Nullable Ending decide() {
		if (this.pods.values().stream().anyMatch((pod) -> !pod.isTerminated())) {
			return null;
		}
		JobState current = this.job;
		if (current != null) {
			boolean ending = current.isSucceeded() || current.isFailing();
			if (current.isFinished() || (ending && !this.pods.isEmpty())) {
				return current.isSucceeded() ? succeeded() : failed(current);
			}
		}
		if (this.jobDeleted) {
			return this.stopRequested ? stopped() : deletedBySomeoneElse();
		}
		return null;
	}

	private Ending succeeded() {
		WorkerPod pod = this.lastEndedPod;
		Integer exitCode = (pod != null && pod.exitCode() != null) ? pod.exitCode() : Integer.valueOf(0);
		return new Ending(exitCode, WorkerExit.describeExitCode(exitCode), null, true, false, false);
	}

	private Ending failed(JobState job) {
		WorkerPod pod = this.lastEndedPod;
		String reason = job.failureDiagnostics();
		if (pod != null && pod.isTerminated()) {
			reason = pod.terminationDiagnostics() + " in pod " + pod.name() + "; " + reason;
		}
		else if (this.lastWaitingReason != null) {
			reason = reason + "; pod was waiting: " + this.lastWaitingReason;
		}
		return new Ending((pod != null) ? pod.exitCode() : null, reason, logPod(pod), false,
				pod != null && pod.isDisrupted(), job.isAbandoned());
	}

	private Ending stopped() {
		WorkerPod pod = this.lastEndedPod;
		String reason;
		if (this.lastWaitingReason != null) {
			reason = "stopped while pod was waiting: " + this.lastWaitingReason;
		}
		else if (pod != null && pod.isTerminated()) {
			reason = "stopped (Job deleted); " + pod.terminationDiagnostics() + " in pod " + pod.name();
		}
		else {
			reason = "stopped (Job deleted)";
		}
		return new Ending((pod != null) ? pod.exitCode() : null, reason, logPod(pod), false, false, false);
	}

	private Ending deletedBySomeoneElse() {
		WorkerPod pod = this.lastEndedPod;
		String reason = "Job " + this.name + " was deleted before it finished, not by this manager";
		if (this.lastWaitingReason != null) {
			reason += "; pod was waiting: " + this.lastWaitingReason;
		}
		else if (pod != null && pod.isTerminated()) {
			reason += "; " + pod.terminationDiagnostics() + " in pod " + pod.name();
		}
		return new Ending((pod != null) ? pod.exitCode() : null, reason, logPod(pod), false, true, false);
	}

	private static @Nullable WorkerPod logPod(@Nullable WorkerPod pod) {
		return (pod != null && pod.hasStarted()) ? pod : null;
	}

	@Override
	public String toString() {
		return "Kubernetes Job " + this.name;
	}

	private enum State {

		PENDING, CREATED, ENDING

	}

	/**
	 * How a worker ended, before its log tail is read.
	 *
	 * @param exitCode the worker container's exit code, if known
	 * @param reason why it ended, in words
	 * @param logPod the pod whose log tail to read, if any
	 * @param success whether the worker completed its step
	 * @param disrupted whether Kubernetes ended the worker (evicted, disrupted, its Job
	 * deleted by someone else)
	 * @param abandoned whether Kubernetes gave up on the worker's whole Indexed Job
	 */
	record Ending(@Nullable Integer exitCode, String reason, @Nullable WorkerPod logPod, boolean success,
			boolean disrupted, boolean abandoned) {

		WorkerExit toExit(List<String> logTail) {
			return new WorkerExit(this.exitCode, this.reason, logTail, Instant.now(), this.disrupted, this.abandoned);
		}

	}

	/**
	 * What a worker asks of its launcher. Both return at once.
	 */
	interface Actions {

		/**
		 * Deletes the worker's Job.
		 */
		void deleteJob(KubernetesWorker worker);

		/**
		 * Reads the log tail, completes the worker's exit and cleans up its Job.
		 */
		void end(KubernetesWorker worker, Ending ending);

		/**
		 * Actions that do nothing, for tests.
		 */
		static Actions none(Consumer<Ending> ended) {
			return new Actions() {

				@Override
				public void deleteJob(KubernetesWorker worker) {
				}

				@Override
				public void end(KubernetesWorker worker, Ending ending) {
					ended.accept(ending);
					worker.complete(ending.toExit(List.of()));
				}

			};
		}

	}

}
