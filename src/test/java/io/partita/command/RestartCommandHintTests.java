package io.partita.command;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.boot.batch.autoconfigure.JobExecutionEvent;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run that did not complete ends with the command that restarts it.
 */
@ExtendWith(OutputCaptureExtension.class)
class RestartCommandHintTests {

	@Test
	void failedExecutionLogsTheExactRestartCommand(CapturedOutput output) {
		new RestartCommandHint().onApplicationEvent(new JobExecutionEvent(execution(42, BatchStatus.FAILED)));

		assertThat(output).contains("Job execution 42 of importJob ended FAILED")
			.contains("run the application again with --partita.restart=42");
	}

	@Test
	void stoppedExecutionLogsTheExactRestartCommand(CapturedOutput output) {
		new RestartCommandHint().onApplicationEvent(new JobExecutionEvent(execution(43, BatchStatus.STOPPED)));

		assertThat(output).contains("--partita.restart=43");
	}

	@Test
	void completedExecutionLogsNoRestartCommand(CapturedOutput output) {
		new RestartCommandHint().onApplicationEvent(new JobExecutionEvent(execution(44, BatchStatus.COMPLETED)));

		assertThat(output).doesNotContain("--partita.restart");
	}

	private static JobExecution execution(long id, BatchStatus status) {
		JobExecution execution = new JobExecution(id, new JobInstance(1L, "importJob"), new JobParameters());
		execution.setStatus(status);
		return execution;
	}

}
