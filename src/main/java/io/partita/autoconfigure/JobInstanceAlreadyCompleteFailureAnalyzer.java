package io.partita.autoconfigure;

import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a job that could not start because the job repository holds a completed
 * instance with the same identifying parameters. It surprises most on the embedded
 * default, whose files outlive the application, so that the second run of a job without
 * parameters in the same directory meets the first.
 */
class JobInstanceAlreadyCompleteFailureAnalyzer extends AbstractFailureAnalyzer<JobInstanceAlreadyCompleteException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, JobInstanceAlreadyCompleteException cause) {
		return new FailureAnalysis("The job was not started: " + cause.getMessage()
				+ ". Spring Batch runs a job instance, identified by the job's name and identifying parameters, to "
				+ "completion once, and the job repository keeps instances across runs (the embedded default keeps "
				+ "them in partita.embedded-database.directory, .partita/db).",
				"Run the job with other parameters (name=value arguments), give it an incrementer "
						+ "(JobBuilder.incrementer(new RunIdIncrementer())) so that each run is a new instance, or, "
						+ "on the embedded default, delete .partita/db to start afresh.",
				cause);
	}

}
