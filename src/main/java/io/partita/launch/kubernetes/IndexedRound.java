package io.partita.launch.kubernetes;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.partita.launch.WorkerRequest;
import io.partita.launch.WorkerRound;
import org.jspecify.annotations.Nullable;

/**
 * The workers of one Indexed Job, one per index, and the routing of its Job's and pods'
 * changes to them: a worker hears of the Job only when its own index has completed or
 * failed (and, when failed, once its pod's end has been seen, for the diagnosis), or when
 * the whole Job finishes, is suspended or resumed; it hears of the pods carrying its
 * index label. Stopping a worker deletes its pods, or the Job once every worker still
 * running is stopping.
 */
final class IndexedRound {

	private final String name;

	private final WorkerRound round;

	private final KubernetesWorkerSettings settings;

	private final List<KubernetesWorker> workers;

	private final Actions actions;

	private final BitSet completed = new BitSet();

	private final BitSet failed = new BitSet();

	private final BitSet told = new BitSet();

	private final BitSet podEnded = new BitSet();

	private final BitSet ended = new BitSet();

	private final BitSet stopping = new BitSet();

	private final CompletableFuture<Boolean> allEnded = new CompletableFuture<>();

	private @Nullable WorkerJob job;

	private boolean suspended;

	private boolean jobFinishing;

	private boolean jobDeleteRequested;

	private boolean allSucceeded = true;

	IndexedRound(String name, WorkerRound round, KubernetesWorkerSettings settings, Actions actions) {
		this.name = name;
		this.round = round;
		this.settings = settings;
		this.actions = actions;
		KubernetesWorker.Actions workerActions = new KubernetesWorker.Actions() {

			@Override
			public void deleteJob(KubernetesWorker worker) {
				stop(worker);
			}

			@Override
			public void end(KubernetesWorker worker, KubernetesWorker.Ending ending) {
				actions.end(IndexedRound.this, worker, ending);
			}

		};
		List<KubernetesWorker> created = new ArrayList<>(round.requests().size());
		for (int index = 0; index < round.requests().size(); index++) {
			WorkerRequest request = round.requests().get(index);
			created.add(new KubernetesWorker(name + "/" + index, request, settings, workerActions, true));
		}
		this.workers = List.copyOf(created);
	}

	String name() {
		return this.name;
	}

	WorkerRound round() {
		return this.round;
	}

	KubernetesWorkerSettings settings() {
		return this.settings;
	}

	List<KubernetesWorker> workers() {
		return this.workers;
	}

	/**
	 * Returns a future that completes once every worker has ended, with whether all
	 * succeeded.
	 */
	CompletableFuture<Boolean> allEnded() {
		return this.allEnded;
	}

	/**
	 * Returns the index of the given worker of this round.
	 */
	int indexOf(KubernetesWorker worker) {
		return this.workers.indexOf(worker);
	}

	synchronized void jobChanged(WorkerJob changed) {
		this.job = changed;
		parseInto(changed.completedIndexes(), this.completed);
		parseInto(changed.failedIndexes(), this.failed);
		boolean finishing = changed.isFinished() || changed.isFailing() || changed.isSucceeded();
		boolean everyone = changed.isSuspended() != this.suspended || (finishing && !this.jobFinishing);
		this.suspended = changed.isSuspended();
		this.jobFinishing = finishing;
		if (everyone || changed.isFinished()) {
			for (int index = 0; index < this.workers.size(); index++) {
				tell(index, true);
			}
			return;
		}
		BitSet untold = (BitSet) this.completed.clone();
		untold.or(this.failed);
		untold.andNot(this.told);
		for (int index = untold.nextSetBit(0); index >= 0; index = untold.nextSetBit(index + 1)) {
			tell(index, false);
		}
	}

	synchronized void jobDeleted() {
		this.workers.forEach(KubernetesWorker::jobDeleted);
	}

	synchronized void podChanged(WorkerPod pod) {
		int index = pod.completionIndex();
		if (index < 0 || index >= this.workers.size()) {
			return;
		}
		this.workers.get(index).podChanged(pod);
		if (pod.isTerminated()) {
			this.podEnded.set(index);
			tell(index, false);
		}
		else if (this.stopping.get(index) && !this.jobDeleteRequested) {
			this.actions.deletePods(this, List.of(pod.name()));
		}
	}

	synchronized void podDeleted(WorkerPod pod) {
		int index = pod.completionIndex();
		if (index >= 0 && index < this.workers.size()) {
			this.workers.get(index).podDeleted(pod);
			this.podEnded.set(index);
			tell(index, false);
		}
	}

	/**
	 * Stops the worker of the given index: deletes its pods (SIGTERM; its exit code 143
	 * fails the index), or the whole Job once every worker still running is stopping.
	 */
	void stop(KubernetesWorker worker) {
		int index = indexOf(worker);
		boolean deleteJob = false;
		List<String> pods = List.of();
		synchronized (this) {
			this.stopping.set(index);
			BitSet running = new BitSet(this.workers.size());
			running.set(0, this.workers.size());
			running.andNot(this.ended);
			running.andNot(this.stopping);
			if (running.isEmpty() && !this.jobDeleteRequested) {
				this.jobDeleteRequested = true;
				deleteJob = true;
			}
			else if (!this.jobDeleteRequested) {
				pods = worker.livePodNames();
			}
		}
		if (deleteJob) {
			this.actions.deleteJob(this);
		}
		else if (!pods.isEmpty()) {
			this.actions.deletePods(this, pods);
		}
	}

	/**
	 * Records that the worker of the given index has ended.
	 */
	void ended(KubernetesWorker worker, boolean success) {
		boolean last;
		synchronized (this) {
			this.ended.set(indexOf(worker));
			this.allSucceeded &= success;
			last = this.ended.cardinality() == this.workers.size();
		}
		if (last) {
			this.allEnded.complete(this.allSucceeded);
		}
	}

	synchronized boolean isJobDeleteRequested() {
		return this.jobDeleteRequested;
	}

	/**
	 * Tells the worker of an index the state of its index, once: when it has completed,
	 * or failed and its pod's end is known; always when {@code always}.
	 */
	private void tell(int index, boolean always) {
		WorkerJob current = this.job;
		if (current == null) {
			return;
		}
		boolean done = this.completed.get(index) || (this.failed.get(index) && this.podEnded.get(index));
		if (!always && (!done || this.told.get(index))) {
			return;
		}
		if (done) {
			this.told.set(index);
		}
		this.workers.get(index)
			.jobChanged(new IndexState(current, index, this.completed.get(index), this.failed.get(index)));
	}

	/**
	 * Reads indexes as the Job controller writes them, {@code 1,3-5}, into the given set.
	 */
	static void parseInto(String indexes, BitSet into) {
		into.clear();
		if (indexes.isBlank()) {
			return;
		}
		for (String item : indexes.split(",")) {
			int dash = item.indexOf('-');
			int first = Integer.parseInt(item.substring(0, (dash < 0) ? item.length() : dash).trim());
			int last = (dash < 0) ? first : Integer.parseInt(item.substring(dash + 1).trim());
			into.set(first, last + 1);
		}
	}

	/**
	 * What a round asks of its launcher. All return at once.
	 */
	interface Actions {

		/**
		 * Deletes the round's Job.
		 */
		void deleteJob(IndexedRound round);

		/**
		 * Deletes the given pods of the round.
		 */
		void deletePods(IndexedRound round, List<String> podNames);

		/**
		 * Reads the log tail of a worker that ended, completes its exit and calls
		 * {@link IndexedRound#ended}.
		 */
		void end(IndexedRound round, KubernetesWorker worker, KubernetesWorker.Ending ending);

	}

	@Override
	public String toString() {
		return "Indexed Job " + this.name;
	}

}
