package io.partita.launch.kubernetes;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.partita.launch.kubernetes.WorkerJobClient.WorkerEventHandler;
import io.partita.launch.kubernetes.WorkerJobClient.WorkerWatch;
import org.jspecify.annotations.Nullable;

/**
 * The live workers of one job execution and the watch of their Jobs and pods, selected by
 * the job execution id label. Routes each event to the worker of the launch it belongs to
 * (step execution id and attempt labels), or to the {@link IndexedRound} of its Indexed
 * Job (the Job's name, the pods' job-name label).
 */
final class JobExecutionWorkers implements WorkerEventHandler {

	private final Map<String, KubernetesWorker> workers = new ConcurrentHashMap<>();

	private final Map<String, IndexedRound> rounds = new ConcurrentHashMap<>();

	private final WorkerWatch watch;

	JobExecutionWorkers(long jobExecutionId, WorkerJobClient client) {
		this.watch = client.watch(WorkerLabels.selector(jobExecutionId), this);
	}

	WorkerWatch watch() {
		return this.watch;
	}

	void add(KubernetesWorker worker) {
		this.workers.put(worker.key(), worker);
	}

	/**
	 * Removes the given worker.
	 * @return whether no worker is left
	 */
	boolean remove(KubernetesWorker worker) {
		this.workers.remove(worker.key(), worker);
		return isEmpty();
	}

	void add(IndexedRound round) {
		this.rounds.put(round.name(), round);
	}

	/**
	 * Removes the given round.
	 * @return whether no worker is left
	 */
	boolean remove(IndexedRound round) {
		this.rounds.remove(round.name(), round);
		return isEmpty();
	}

	boolean isEmpty() {
		return this.workers.isEmpty() && this.rounds.isEmpty();
	}

	/**
	 * Hands the given round what the watch has already seen of its Job and pods.
	 */
	void replay(IndexedRound round) {
		this.watch.pods()
			.stream()
			.map(WorkerPod::new)
			.filter((pod) -> round.name().equals(pod.jobName()))
			.forEach(round::podChanged);
		this.watch.jobs()
			.stream()
			.map(WorkerJob::new)
			.filter((job) -> round.name().equals(job.name()))
			.forEach(round::jobChanged);
	}

	/**
	 * Hands the given worker what the watch has already seen of its Job and pods, for a
	 * Job that existed before the worker was added (an adopted Job).
	 */
	void replay(KubernetesWorker worker) {
		this.watch.jobs()
			.stream()
			.map(WorkerJob::new)
			.filter((job) -> worker.key().equals(job.workerKey()))
			.forEach(worker::jobChanged);
		this.watch.pods()
			.stream()
			.map(WorkerPod::new)
			.filter((pod) -> worker.key().equals(pod.workerKey()))
			.forEach(worker::podChanged);
	}

	void close() {
		this.watch.close();
	}

	@Override
	public void jobChanged(Job job) {
		WorkerJob workerJob = new WorkerJob(job);
		IndexedRound round = this.rounds.get(workerJob.name());
		if (round != null) {
			round.jobChanged(workerJob);
			return;
		}
		KubernetesWorker worker = this.workers.get(workerJob.workerKey());
		if (worker != null && worker.name().equals(workerJob.name())) {
			worker.jobChanged(workerJob);
		}
	}

	@Override
	public void jobDeleted(Job job) {
		WorkerJob workerJob = new WorkerJob(job);
		IndexedRound round = this.rounds.get(workerJob.name());
		if (round != null) {
			round.jobDeleted();
			return;
		}
		KubernetesWorker worker = this.workers.get(workerJob.workerKey());
		if (worker != null && worker.name().equals(workerJob.name())) {
			worker.jobDeleted();
		}
	}

	@Override
	public void podChanged(Pod pod) {
		WorkerPod workerPod = new WorkerPod(pod);
		IndexedRound round = round(workerPod);
		if (round != null) {
			round.podChanged(workerPod);
			return;
		}
		KubernetesWorker worker = this.workers.get(workerPod.workerKey());
		if (worker != null) {
			worker.podChanged(workerPod);
		}
	}

	@Override
	public void podDeleted(Pod pod) {
		WorkerPod workerPod = new WorkerPod(pod);
		IndexedRound round = round(workerPod);
		if (round != null) {
			round.podDeleted(workerPod);
			return;
		}
		KubernetesWorker worker = this.workers.get(workerPod.workerKey());
		if (worker != null) {
			worker.podDeleted(workerPod);
		}
	}

	private @Nullable IndexedRound round(WorkerPod pod) {
		String jobName = pod.jobName();
		return (jobName != null) ? this.rounds.get(jobName) : null;
	}

}
