package io.partita.autoconfigure;

import io.partita.autoconfigure.PartitaProperties.Launcher;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when scheduled runs need leader election on a Kubernetes Lease:
 * {@code partita.leader-election.enabled} when it is set, else whether the Kubernetes
 * launcher is the effective one (as it is by default inside a cluster).
 */
class OnLeaderElectionCondition extends SpringBootCondition {

	private static final String PROPERTY = "partita.leader-election.enabled";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Boolean enabled = context.getEnvironment().getProperty(PROPERTY, Boolean.class);
		if (enabled != null) {
			return new ConditionOutcome(enabled, PROPERTY + " is " + enabled);
		}
		boolean kubernetes = OnLauncherCondition.effectiveLauncher(context.getEnvironment()) == Launcher.KUBERNETES;
		return new ConditionOutcome(kubernetes, "the launcher is " + (kubernetes ? "" : "not ") + "kubernetes");
	}

}
