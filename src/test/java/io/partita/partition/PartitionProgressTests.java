package io.partita.partition;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The manager's progress line.
 */
class PartitionProgressTests {

	@Test
	void countsEveryPartitionOnceRetryingIncluded() {
		PartitionProgress progress = new PartitionProgress(12, 4, 83, 1, 0, Duration.ofSeconds(24));

		assertThat(progress).hasToString("12/100 done, 4 running, 83 queued, 1 retrying, 0 failed, eta 2m56s");
	}

	@Test
	void etaIsUnknownUntilAPartitionIsDone() {
		assertThat(new PartitionProgress(0, 4, 4, 0, 0, Duration.ofMinutes(1)).eta()).isEqualTo("unknown");
	}

	@Test
	void etaIsInSecondsMinutesOrHours() {
		assertThat(new PartitionProgress(1, 1, 0, 0, 0, Duration.ofSeconds(42)).eta()).isEqualTo("42s");
		assertThat(new PartitionProgress(1, 1, 0, 0, 0, Duration.ofMinutes(3)).eta()).isEqualTo("3m");
		assertThat(new PartitionProgress(1, 1, 0, 0, 0, Duration.ofMinutes(125)).eta()).isEqualTo("2h5m");
	}

}
