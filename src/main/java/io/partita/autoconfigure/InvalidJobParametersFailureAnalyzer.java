package io.partita.autoconfigure;

import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains job parameters a job refused at start-up, before anything was launched.
 */
class InvalidJobParametersFailureAnalyzer extends AbstractFailureAnalyzer<InvalidJobParametersException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidJobParametersException cause) {
		return new FailureAnalysis("The job refused its parameters: " + cause.getMessage(),
				"Correct the name=value job parameters on the command line and run again; nothing was launched.",
				cause);
	}

}
