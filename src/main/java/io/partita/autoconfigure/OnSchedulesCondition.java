package io.partita.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when at least one {@code partita.schedules.<name>.*} property is set.
 */
class OnSchedulesCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		boolean configured = Binder.get(context.getEnvironment())
			.bind("partita.schedules", Bindable.mapOf(String.class, String.class))
			.map((schedules) -> !schedules.isEmpty())
			.orElse(false);
		return configured ? ConditionOutcome.match("partita.schedules is set")
				: ConditionOutcome.noMatch("no partita.schedules");
	}

}
