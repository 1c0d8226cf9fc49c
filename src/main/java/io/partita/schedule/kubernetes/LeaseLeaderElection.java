package io.partita.schedule.kubernetes;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.partita.autoconfigure.InvalidPartitaPropertyException;
import io.partita.schedule.LeaderElection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A {@link LeaderElection} among the manager's replicas on a coordination.k8s.io/v1
 * Lease, with fabric8's {@code LeaderElector}: the replica that holds the Lease leads and
 * renews it; when it cannot renew within the renew deadline it stops leading, and another
 * replica takes the Lease once it has expired. A replica that lost the leadership stands
 * again. {@link #stop()} releases a held Lease, so that another replica leads at once.
 */
public class LeaseLeaderElection implements LeaderElection {

	private static final Log logger = LogFactory.getLog(LeaseLeaderElection.class);

	private static final String API_GROUP = "coordination.k8s.io";

	/**
	 * What fabric8's Lease lock does: read, create, and renew with a merge patch.
	 */
	private static final List<String> VERBS = List.of("get", "create", "patch");

	private final KubernetesClient client;

	private final String namespace;

	private final String leaseName;

	private final String identity;

	private final Timing timing;

	private @Nullable CompletableFuture<?> election;

	private boolean running;

	/**
	 * Creates an election on the given Lease.
	 * @param client the client, with get, create and update rights on Leases
	 * @param namespace the Lease's namespace
	 * @param leaseName the Lease's name, the same for all replicas
	 * @param identity this replica's name, different for each replica
	 * @param timing the lease duration, renew deadline and retry period
	 */
	public LeaseLeaderElection(KubernetesClient client, String namespace, String leaseName, String identity,
			Timing timing) {
		Assert.notNull(client, "client must not be null");
		Assert.hasText(namespace, "namespace must not be empty");
		Assert.hasText(leaseName, "leaseName must not be empty");
		Assert.hasText(identity, "identity must not be empty");
		Assert.notNull(timing, "timing must not be null");
		this.client = client;
		this.namespace = namespace;
		this.leaseName = leaseName;
		this.identity = identity;
		this.timing = timing;
	}

	@Override
	public String identity() {
		return this.identity;
	}

	/**
	 * Starts standing for the Lease, after checking that the client may get, create and
	 * patch it.
	 * @throws InvalidPartitaPropertyException when RBAC denies one of these verbs
	 */
	@Override
	public synchronized void start(Runnable onStartLeading, Runnable onStopLeading) {
		checkAccess();
		this.running = true;
		stand(new LeaderCallbacks(onStartLeading, onStopLeading, this::newLeader));
	}

	@Override
	public void stop() {
		CompletableFuture<?> current;
		synchronized (this) {
			this.running = false;
			current = this.election;
			this.election = null;
		}
		if (current != null) {
			// the elector releases a held Lease and calls onStopLeading
			current.cancel(true);
		}
	}

	private void checkAccess() {
		for (String verb : VERBS) {
			SelfSubjectAccessReview review = this.client.authorization()
				.v1()
				.selfSubjectAccessReview()
				.create(new SelfSubjectAccessReviewBuilder().withNewSpec()
					.withNewResourceAttributes()
					.withGroup(API_GROUP)
					.withResource("leases")
					.withNamespace(this.namespace)
					.withName(this.leaseName)
					.withVerb(verb)
					.endResourceAttributes()
					.endSpec()
					.build());
			if (review.getStatus() == null || !Boolean.TRUE.equals(review.getStatus().getAllowed())) {
				throw new InvalidPartitaPropertyException("partita.leader-election.enabled", true,
						"the manager's service account may not " + verb + " leases." + API_GROUP + " in namespace "
								+ this.namespace + ", which leader election on Lease " + this.leaseName + " needs",
						"Grant verbs get, create and patch on 'leases' (apiGroup " + API_GROUP
								+ ") in a Role bound to the manager's service account (see config/role.yaml), "
								+ "or set it to false when a single manager fires the schedules.");
			}
		}
	}

	private synchronized void stand(LeaderCallbacks callbacks) {
		if (!this.running) {
			return;
		}
		CompletableFuture<?> election = this.client.leaderElector()
			.withConfig(new LeaderElectionConfigBuilder().withName(this.leaseName)
				.withLock(new LeaseLock(this.namespace, this.leaseName, this.identity))
				.withLeaseDuration(this.timing.leaseDuration())
				.withRenewDeadline(this.timing.renewDeadline())
				.withRetryPeriod(this.timing.retryPeriod())
				.withReleaseOnCancel()
				.withLeaderCallbacks(callbacks)
				.build())
			.build()
			.start();
		this.election = election;
		// an elector ends when its replica stops leading; the replica then stands again
		election.whenComplete((result, failure) -> {
			if (failure != null && !(failure instanceof CancellationException)) {
				logger.warn("Leader election on Lease " + this.namespace + "/" + this.leaseName + " ended: " + failure);
			}
			stand(callbacks);
		});
	}

	private void newLeader(@Nullable String leader) {
		String lease = "Lease " + this.namespace + "/" + this.leaseName;
		if (leader == null) {
			logger.info(lease + " was released");
		}
		else {
			logger.info(lease + " is held by " + leader + (leader.equals(this.identity) ? " (this manager)" : ""));
		}
	}

	/**
	 * Timing of the election, as in Kubernetes' own leader election.
	 *
	 * @param leaseDuration how long a Lease not renewed stays held, before another
	 * replica may take it
	 * @param renewDeadline how long the leader keeps trying to renew before it stops
	 * leading; shorter than the lease duration, so that it stops before another may lead
	 * @param retryPeriod pause between two attempts to take or renew the Lease
	 */
	public record Timing(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {

		public Timing {
			Assert.isTrue(renewDeadline.compareTo(leaseDuration) < 0, "renewDeadline must be less than leaseDuration");
			Assert.isTrue(retryPeriod.compareTo(renewDeadline) < 0, "retryPeriod must be less than renewDeadline");
		}

	}

}
