package io.partita.worker;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Reading the manager-worker contract from a worker's environment.
 */
class WorkerContractTests {

	@Test
	void contractIsReadFromTheVariablesItIsWrittenTo() {
		WorkerContract contract = new WorkerContract(7, 42, "workerStep", 2);
		MockEnvironment environment = new MockEnvironment();
		contract.toEnvironment().forEach(environment::setProperty);

		assertThat(WorkerContract.isWorker(environment)).isTrue();
		assertThat(WorkerContract.from(environment)).isEqualTo(contract);
	}

	@Test
	void processWithoutTheVariablesIsNotAWorker() {
		assertThat(WorkerContract.isWorker(new MockEnvironment())).isFalse();
	}

	@Test
	void indexedModePicksTheStepExecutionAtTheCompletionIndex() {
		MockEnvironment environment = indexed("11,12,13", "2");

		assertThat(WorkerContract.from(environment).stepExecutionId()).isEqualTo(13);
	}

	@Test
	void indexedModeReadsRunsOfConsecutiveIdsAsRanges() {
		String ids = WorkerContract.formatStepExecutionIds(List.of(11L, 12L, 13L, 20L, 30L, 31L));

		assertThat(ids).isEqualTo("11-13,20,30-31");
		assertThat(WorkerContract.from(indexed(ids, "3")).stepExecutionId()).isEqualTo(20);
		assertThat(WorkerContract.from(indexed(ids, "5")).stepExecutionId()).isEqualTo(31);
		assertThatExceptionOfType(WorkerContractException.class)
			.isThrownBy(() -> WorkerContract.from(indexed(ids, "6")))
			.withMessage("JOB_COMPLETION_INDEX is 6 but PARTITA_STEP_EXECUTION_IDS holds only 6 ids");
	}

	@Test
	void completionIndexBeyondTheIdsIsRefusedNamingBothVariables() {
		assertThatExceptionOfType(WorkerContractException.class)
			.isThrownBy(() -> WorkerContract.from(indexed("11,12", "2")))
			.withMessage("JOB_COMPLETION_INDEX is 2 but PARTITA_STEP_EXECUTION_IDS holds only 2 ids");
	}

	@Test
	void malformedIdInTheIndexedListIsRefused() {
		assertThatExceptionOfType(WorkerContractException.class)
			.isThrownBy(() -> WorkerContract.from(indexed("11,x", "0")))
			.withMessage("PARTITA_STEP_EXECUTION_IDS must be a positive number, but was 'x'");
	}

	@Test
	void zeroAttemptIsRefused() {
		MockEnvironment environment = new MockEnvironment();
		new WorkerContract(7, 42, "workerStep", 1).toEnvironment().forEach(environment::setProperty);
		environment.setProperty(WorkerContract.ATTEMPT, "0");

		assertThatExceptionOfType(WorkerContractException.class).isThrownBy(() -> WorkerContract.from(environment))
			.withMessage("PARTITA_ATTEMPT must be a positive number, but was 0");
	}

	@Test
	void blankWorkerStepIsReportedMissing() {
		MockEnvironment environment = new MockEnvironment();
		new WorkerContract(7, 42, "workerStep", 1).toEnvironment().forEach(environment::setProperty);
		environment.setProperty(WorkerContract.WORKER_STEP, " ");

		assertThatExceptionOfType(WorkerContractException.class).isThrownBy(() -> WorkerContract.from(environment))
			.withMessageStartingWith("PARTITA_WORKER_STEP is missing");
	}

	private static MockEnvironment indexed(String ids, String index) {
		return new MockEnvironment().withProperty(WorkerContract.JOB_EXECUTION_ID, "7")
			.withProperty(WorkerContract.STEP_EXECUTION_IDS, ids)
			.withProperty(WorkerContract.JOB_COMPLETION_INDEX, index)
			.withProperty(WorkerContract.WORKER_STEP, "workerStep")
			.withProperty(WorkerContract.ATTEMPT, "1");
	}

}
