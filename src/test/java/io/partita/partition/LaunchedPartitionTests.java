package io.partita.partition;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import io.partita.launch.Worker;
import io.partita.launch.WorkerExit;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.step.StepExecution;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deadlines the manager waits for: a deadline already dealt with must not wake the
 * manager again, or its loop would spin until the worker ends.
 */
class LaunchedPartitionTests {

	private static final Instant LAUNCHED = Instant.parse("2026-01-01T00:00:00Z");

	@Test
	void nextDeadlineIsTheEarlierOfStartupAndRunDeadlines() {
		LaunchedPartition partition = partition(LAUNCHED.plusSeconds(300), LAUNCHED.plusSeconds(60));

		assertThat(partition.nextDeadline()).isEqualTo(LAUNCHED.plusSeconds(60));
	}

	@Test
	void startedWorkerIsHeldOnlyToItsRunDeadline() {
		LaunchedPartition partition = partition(LAUNCHED.plusSeconds(300), LAUNCHED.plusSeconds(60));

		partition.startupDeadline = null;

		assertThat(partition.nextDeadline()).isEqualTo(LAUNCHED.plusSeconds(300));
	}

	@Test
	void workerAskedToStopHasNoDeadlineLeft() {
		LaunchedPartition partition = partition(LAUNCHED.plusSeconds(300), LAUNCHED.plusSeconds(60));

		partition.stop("exceeded the run timeout of PT5M");

		assertThat(partition.nextDeadline()).isNull();
	}

	@Test
	void workerWithoutTimeoutsHasNoDeadline() {
		assertThat(partition(null, null).nextDeadline()).isNull();
	}

	private static LaunchedPartition partition(Instant runDeadline, Instant startupDeadline) {
		return new LaunchedPartition(new StepExecution(1L, "step:partition0", null), new IdleWorker(), 1, LAUNCHED,
				startupDeadline, runDeadline);
	}

	private static final class IdleWorker implements Worker {

		@Override
		public String name() {
			return "idle";
		}

		@Override
		public CompletableFuture<WorkerExit> exit() {
			return new CompletableFuture<>();
		}

		@Override
		public void stop() {
		}

	}

}
