package io.partita.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link InvalidPartitaPropertyException} in the start-up failure report.
 */
class InvalidPartitaPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidPartitaPropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidPartitaPropertyException cause) {
		return new FailureAnalysis(cause.getMessage(), "Update " + cause.getProperty() + ". " + cause.getAction(),
				cause);
	}

}
