package io.partita.launch.kubernetes;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link KubernetesNames}.
 */
class KubernetesNamesTests {

	@Test
	void jobNameJoinsJobAndExecutionIds() {
		assertThat(KubernetesNames.jobName("ledgerImport", 12, 345, 1)).isEqualTo("ledgerimport-12-345");
	}

	@Test
	void jobNameCarriesAttemptOnlyAfterTheFirst() {
		assertThat(KubernetesNames.jobName("ledger", 12, 345, 2)).isEqualTo("ledger-12-345-a2");
	}

	@ParameterizedTest
	@ValueSource(strings = { "Ledger_Import.Daily", "UPPER__case..dots", "-leading-and-trailing-", "___", "ünïcödé job",
			"a-very-long-job-name-that-goes-on-and-on-and-on-well-past-sixty-three-characters-in-total",
			"x.y_z-EndsWithDash-" })
	void jobNameIsAlwaysDns1123Label(String jobName) {
		for (int attempt = 1; attempt <= 12; attempt += 11) {
			String name = KubernetesNames.jobName(jobName, Long.MAX_VALUE, Long.MAX_VALUE - 1, attempt);
			assertThat(name).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
			assertThat(KubernetesNames.jobName(jobName, 1, 2, attempt)).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")
				.endsWith((attempt > 1) ? "-1-2-a12" : "-1-2");
		}
	}

	@Test
	void longJobNamesAreCutWithHashAndKeepTheIds() {
		String longName = "a".repeat(80);
		String name = KubernetesNames.jobName(longName, 1234, 5678, 3);
		assertThat(name).hasSize(63).endsWith("-1234-5678-a3").startsWith("aaaa");
		assertThat(KubernetesNames.jobName(longName + "b", 1234, 5678, 3)).isNotEqualTo(name).hasSize(63);
	}

	@Test
	void jobNameIsDeterministic() {
		assertThat(KubernetesNames.jobName("Some.Job_Name", 1, 2, 1))
			.isEqualTo(KubernetesNames.jobName("Some.Job_Name", 1, 2, 1));
	}

	@ParameterizedTest
	@ValueSource(strings = { "workerStep", "worker step:partition", "_under_", ".dots.",
			"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
			"Step-yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy_.-" })
	void labelValueMeetsLabelValueRules(String text) {
		String value = KubernetesNames.labelValue(text);
		assertThat(value).hasSizeLessThanOrEqualTo(63);
		assertThat(KubernetesNames.isLabelValue(value)).isTrue();
	}

	@Test
	void labelValueKeepsCaseAndUnderscores() {
		assertThat(KubernetesNames.labelValue("worker_Step.v2")).isEqualTo("worker_Step.v2");
	}

	@Test
	void roundJobNameLeavesRoomForTheIndexInItsPodsHostnames() {
		assertThat(KubernetesNames.roundJobName("Ledger_Import", 12, 340, 2)).isEqualTo("ledger-import-12-340-r2");
		String cut = KubernetesNames.roundJobName("x".repeat(80), 12, 340, 1);
		assertThat(cut).hasSize(KubernetesNames.MAX_INDEXED_LENGTH).endsWith("-12-340-r1");
		assertThat(KubernetesNames.isDns1123Label(cut + "-999999")).isTrue();
	}

}
