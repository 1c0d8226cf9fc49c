package io.partita.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when no {@code spring.datasource.url} is configured.
 */
class OnNoDataSourceUrlCondition extends SpringBootCondition {

	private static final String PROPERTY = "spring.datasource.url";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		if (StringUtils.hasText(context.getEnvironment().getProperty(PROPERTY))) {
			return ConditionOutcome.noMatch(PROPERTY + " is set");
		}
		return ConditionOutcome.match(PROPERTY + " is not set");
	}

}
