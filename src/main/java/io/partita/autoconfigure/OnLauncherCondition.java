package io.partita.autoconfigure;

import java.util.Locale;

import io.partita.autoconfigure.PartitaProperties.Launcher;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.cloud.CloudPlatform;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when the effective {@code partita.launcher} is the given one: the configured
 * value, or else {@code kubernetes} inside a Kubernetes cluster and {@code local}
 * elsewhere.
 */
abstract class OnLauncherCondition extends SpringBootCondition {

	private static final String PROPERTY = "partita.launcher";

	private final Launcher launcher;

	OnLauncherCondition(Launcher launcher) {
		this.launcher = launcher;
	}

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Launcher effective = effectiveLauncher(context.getEnvironment());
		if (effective == null) {
			return ConditionOutcome.noMatch(PROPERTY + " names no launcher Partita knows");
		}
		return (effective == this.launcher) ? ConditionOutcome.match("the launcher is " + effective)
				: ConditionOutcome.noMatch("the launcher is " + effective);
	}

	static @Nullable Launcher effectiveLauncher(Environment environment) {
		String configured = environment.getProperty(PROPERTY);
		if (!StringUtils.hasText(configured)) {
			return CloudPlatform.KUBERNETES.isActive(environment) ? Launcher.KUBERNETES : Launcher.LOCAL;
		}
		try {
			return Launcher.valueOf(configured.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	static class OnLocalLauncher extends OnLauncherCondition {

		OnLocalLauncher() {
			super(Launcher.LOCAL);
		}

	}

	static class OnKubernetesLauncher extends OnLauncherCondition {

		OnKubernetesLauncher() {
			super(Launcher.KUBERNETES);
		}

	}

}
