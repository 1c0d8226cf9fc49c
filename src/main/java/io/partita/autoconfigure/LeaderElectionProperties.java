package io.partita.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Leader election among the manager's replicas on a Kubernetes Lease: only the leader
 * fires the schedules.
 */
public class LeaderElectionProperties {

	/**
	 * Whether scheduled runs are fired only by the replica that holds the Lease. By
	 * default enabled with the Kubernetes launcher (and so inside a cluster), else a
	 * single manager fires them.
	 */
	private @Nullable Boolean enabled;

	/**
	 * Name of the Lease, the same for all replicas of the manager. By default the
	 * application name followed by -schedules.
	 */
	private @Nullable String leaseName;

	/**
	 * Namespace of the Lease. By default the client's namespace.
	 */
	private @Nullable String namespace;

	/**
	 * Name of this replica in the election, different for each replica. By default the
	 * pod name inside a cluster, else the host name and process id.
	 */
	private @Nullable String identity;

	/**
	 * How long a Lease that is not renewed stays held before another replica may take it.
	 */
	private Duration leaseDuration = Duration.ofSeconds(15);

	/**
	 * How long the leader keeps trying to renew the Lease before it stops leading. Less
	 * than lease-duration.
	 */
	private Duration renewDeadline = Duration.ofSeconds(10);

	/**
	 * Pause between two attempts to take or renew the Lease. Less than renew-deadline.
	 */
	private Duration retryPeriod = Duration.ofSeconds(2);

	public @Nullable Boolean getEnabled() {
		return this.enabled;
	}

	public void setEnabled(@Nullable Boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getLeaseName() {
		return this.leaseName;
	}

	public void setLeaseName(@Nullable String leaseName) {
		this.leaseName = leaseName;
	}

	public @Nullable String getNamespace() {
		return this.namespace;
	}

	public void setNamespace(@Nullable String namespace) {
		this.namespace = namespace;
	}

	public @Nullable String getIdentity() {
		return this.identity;
	}

	public void setIdentity(@Nullable String identity) {
		this.identity = identity;
	}

	public Duration getLeaseDuration() {
		return this.leaseDuration;
	}

	public void setLeaseDuration(Duration leaseDuration) {
		this.leaseDuration = leaseDuration;
	}

	public Duration getRenewDeadline() {
		return this.renewDeadline;
	}

	public void setRenewDeadline(Duration renewDeadline) {
		this.renewDeadline = renewDeadline;
	}

	public Duration getRetryPeriod() {
		return this.retryPeriod;
	}

	public void setRetryPeriod(Duration retryPeriod) {
		this.retryPeriod = retryPeriod;
	}

	void validate() {
		PropertyChecks.requirePositive("partita.leader-election.lease-duration", this.leaseDuration, "15s");
		PropertyChecks.requirePositive("partita.leader-election.renew-deadline", this.renewDeadline, "10s");
		PropertyChecks.requirePositive("partita.leader-election.retry-period", this.retryPeriod, "2s");
		if (this.renewDeadline.compareTo(this.leaseDuration) >= 0) {
			throw new InvalidPartitaPropertyException("partita.leader-election.renew-deadline", this.renewDeadline,
					"must be less than partita.leader-election.lease-duration (" + this.leaseDuration
							+ "), so that a leader stops before another replica may lead",
					"Set it below the lease duration (defaults 10s and 15s).");
		}
		if (this.retryPeriod.compareTo(this.renewDeadline) >= 0) {
			throw new InvalidPartitaPropertyException("partita.leader-election.retry-period", this.retryPeriod,
					"must be less than partita.leader-election.renew-deadline (" + this.renewDeadline + ")",
					"Set it below the renew deadline (defaults 2s and 10s).");
		}
	}

}
