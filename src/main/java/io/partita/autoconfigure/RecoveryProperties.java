package io.partita.autoconfigure;

import java.time.Duration;

/**
 * Recovery of executions whose manager died.
 */
public class RecoveryProperties {

	/**
	 * How long a running execution must have recorded nothing (the manager records a
	 * heartbeat every partita.heartbeat-interval) before recovery takes its manager for
	 * dead.
	 */
	private Duration managerSilence = Duration.ofSeconds(30);

	public Duration getManagerSilence() {
		return this.managerSilence;
	}

	public void setManagerSilence(Duration managerSilence) {
		this.managerSilence = managerSilence;
	}

	void validate() {
		PropertyChecks.requirePositive("partita.recovery.manager-silence", this.managerSilence, "30s");
	}

}
