package io.partita.schedule;

/**
 * Decides which of the manager's replicas fires the {@link JobSchedule schedules}: only
 * the leader does.
 */
public interface LeaderElection {

	/**
	 * Returns the name of this process in the election, recorded on each run it starts.
	 */
	String identity();

	/**
	 * Starts taking part in the election. Callbacks may come from another thread, and
	 * {@code onStopLeading} may come more than once.
	 * @param onStartLeading called when this process becomes the leader
	 * @param onStopLeading called when this process is no longer the leader; it may
	 * become the leader again later
	 */
	void start(Runnable onStartLeading, Runnable onStopLeading);

	/**
	 * Stops taking part, giving up the leadership if this process holds it.
	 */
	void stop();

}
