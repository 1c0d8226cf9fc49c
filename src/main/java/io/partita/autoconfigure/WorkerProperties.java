package io.partita.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Worker settings.
 */
public class WorkerProperties {

	static final int DEFAULT_DATABASE_CONNECTIONS = 2;

	/**
	 * How long a worker may take to start its step before it is stopped and its partition
	 * failed.
	 */
	private @Nullable Duration startupTimeout = Duration.ofMinutes(5);

	/**
	 * How long a worker may run before it is stopped and its partition failed. No limit
	 * when not set.
	 */
	private @Nullable Duration runTimeout;

	/**
	 * How long a worker asked to stop (SIGTERM) waits for its step to record STOPPED
	 * before it exits.
	 */
	private Duration shutdownGracePeriod = Duration.ofSeconds(20);

	/**
	 * Size of each worker's pool of job repository connections (Hikari's
	 * maximum-pool-size in worker processes). A step on one thread uses one at a time,
	 * and a second serves the job repository beside it; raise it for multi-threaded
	 * worker steps.
	 */
	private int databaseConnections = DEFAULT_DATABASE_CONNECTIONS;

	public @Nullable Duration getStartupTimeout() {
		return this.startupTimeout;
	}

	public void setStartupTimeout(@Nullable Duration startupTimeout) {
		this.startupTimeout = startupTimeout;
	}

	public @Nullable Duration getRunTimeout() {
		return this.runTimeout;
	}

	public void setRunTimeout(@Nullable Duration runTimeout) {
		this.runTimeout = runTimeout;
	}

	public Duration getShutdownGracePeriod() {
		return this.shutdownGracePeriod;
	}

	public void setShutdownGracePeriod(Duration shutdownGracePeriod) {
		this.shutdownGracePeriod = shutdownGracePeriod;
	}

	public int getDatabaseConnections() {
		return this.databaseConnections;
	}

	public void setDatabaseConnections(int databaseConnections) {
		this.databaseConnections = databaseConnections;
	}

	void validate() {
		PropertyChecks.requirePositive("partita.worker.startup-timeout", this.startupTimeout, "5m");
		PropertyChecks.requirePositive("partita.worker.run-timeout", this.runTimeout, "none");
		PropertyChecks.requirePositive("partita.worker.database-connections", this.databaseConnections,
				Integer.toString(DEFAULT_DATABASE_CONNECTIONS));
	}

}
