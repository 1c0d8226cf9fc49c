package io.partita.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rerun of a completed job instance is explained, with what to do.
 */
class JobInstanceAlreadyCompleteFailureAnalyzerTests {

	@Test
	void rerunOfACompletedInstanceNamesTheWaysToRunAgain() {
		FailureAnalysis analysis = new JobInstanceAlreadyCompleteFailureAnalyzer().analyze(new IllegalStateException(
				"Failed to execute ApplicationRunner", new JobInstanceAlreadyCompleteException(
						"A job instance already exists and is complete for identifying parameters={}")));

		assertThat(analysis.getDescription()).contains("A job instance already exists and is complete")
			.contains("the job repository keeps instances across runs")
			.contains(".partita/db");
		assertThat(analysis.getAction()).contains("other parameters")
			.contains("RunIdIncrementer")
			.contains("delete .partita/db");
	}

}
