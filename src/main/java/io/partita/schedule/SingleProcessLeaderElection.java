package io.partita.schedule;

import org.jspecify.annotations.Nullable;

/**
 * A {@link LeaderElection} of one: this process is the leader from {@link #start} to
 * {@link #stop}. For a manager that runs as a single replica.
 */
public class SingleProcessLeaderElection implements LeaderElection {

	private final String identity;

	private @Nullable Runnable onStopLeading;

	public SingleProcessLeaderElection(String identity) {
		this.identity = identity;
	}

	@Override
	public String identity() {
		return this.identity;
	}

	@Override
	public synchronized void start(Runnable onStartLeading, Runnable onStopLeading) {
		this.onStopLeading = onStopLeading;
		onStartLeading.run();
	}

	@Override
	public synchronized void stop() {
		if (this.onStopLeading != null) {
			this.onStopLeading.run();
			this.onStopLeading = null;
		}
	}

}
