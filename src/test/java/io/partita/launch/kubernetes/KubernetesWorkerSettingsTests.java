package io.partita.launch.kubernetes;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link KubernetesWorkerSettings}.
 */
class KubernetesWorkerSettingsTests {

	@Test
	void defaultsFitPartitaRetries() {
		KubernetesWorkerSettings settings = new KubernetesWorkerSettings();
		assertThat(settings.getBackoffLimit()).isZero();
		assertThat(settings.getTtlAfterFinished()).isEqualTo(Duration.ofHours(1));
		assertThat(settings.getCleanupPolicy()).isEqualTo(CleanupPolicy.ON_SUCCESS);
		assertThat(settings.getPodFailurePolicy().getFailJobOnExitCodes()).containsExactly(2, 3);
		assertThat(settings.isRestrictedSecurityContext()).isTrue();
	}

	@Test
	void stepOverridesOnlyWhatItSets() {
		KubernetesWorkerSettings global = new KubernetesWorkerSettings();
		global.setImage("app:1");
		global.setBackoffLimit(3);
		global.setServiceAccountName("workers");
		global.getPodFailurePolicy().setIgnoreDisruptions(false);
		KubernetesWorkerSettings step = new KubernetesWorkerSettings();
		step.setImage("app:2");
		step.getPodFailurePolicy().setFailJobOnExitCodes(List.of(3));
		KubernetesWorkerSettings merged = global.merge(step);
		assertThat(merged.getImage()).isEqualTo("app:2");
		assertThat(merged.getBackoffLimit()).isEqualTo(3);
		assertThat(merged.getServiceAccountName()).isEqualTo("workers");
		assertThat(merged.getPodFailurePolicy().getFailJobOnExitCodes()).containsExactly(3);
		assertThat(merged.getPodFailurePolicy().isIgnoreDisruptions()).isFalse();
	}

	@Test
	void modeAndMaxFailedIndexesBindAndAreOverriddenPerStep() {
		KubernetesWorkerSettings global = new Binder(new MapConfigurationPropertySource(
				Map.of("kubernetes.mode", "indexed", "kubernetes.max-failed-indexes", "10")))
			.bind("kubernetes", KubernetesWorkerSettings.class)
			.get();
		KubernetesWorkerSettings step = new KubernetesWorkerSettings();
		step.setMode(KubernetesMode.JOB);
		assertThat(global.merge(null).getMode()).isEqualTo(KubernetesMode.INDEXED);
		assertThat(global.merge(step).getMode()).isEqualTo(KubernetesMode.JOB);
		assertThat(global.merge(step).getMaxFailedIndexes()).isEqualTo(10);
		assertThat(new KubernetesWorkerSettings().getMode()).isEqualTo(KubernetesMode.JOB);
	}

	@Test
	void stepSettingTheDefaultValueStillOverrides() {
		KubernetesWorkerSettings global = new KubernetesWorkerSettings();
		global.setBackoffLimit(3);
		KubernetesWorkerSettings step = new KubernetesWorkerSettings();
		step.setBackoffLimit(0);
		assertThat(global.merge(step).getBackoffLimit()).isZero();
	}

	@Test
	void mapsMergeWithStepEntriesWinning() {
		KubernetesWorkerSettings global = new KubernetesWorkerSettings();
		global.getLabels().put("team", "ledger");
		global.getLabels().put("tier", "batch");
		global.getResources().getRequests().put("cpu", "500m");
		global.getEnv().put("LOG_LEVEL", KubernetesWorkerSettings.EnvVariable.of("info"));
		KubernetesWorkerSettings step = new KubernetesWorkerSettings();
		step.getLabels().put("tier", "heavy");
		step.getResources().getRequests().put("memory", "2Gi");
		step.getEnv().put("LOG_LEVEL", KubernetesWorkerSettings.EnvVariable.of("debug"));
		KubernetesWorkerSettings merged = global.merge(step);
		assertThat(merged.getLabels()).containsExactlyInAnyOrderEntriesOf(Map.of("team", "ledger", "tier", "heavy"));
		assertThat(merged.getResources().getRequests()).containsEntry("cpu", "500m").containsEntry("memory", "2Gi");
		assertThat(merged.getEnv().get("LOG_LEVEL").getValue()).isEqualTo("debug");
		assertThat(global.getLabels()).containsEntry("tier", "batch");
	}

	@Test
	void namespaceIsAlwaysTheGlobalOne() {
		KubernetesWorkerSettings global = new KubernetesWorkerSettings();
		global.setNamespace("batch");
		KubernetesWorkerSettings step = new KubernetesWorkerSettings();
		step.setNamespace("elsewhere");
		assertThat(global.merge(step).getNamespace()).isEqualTo("batch");
	}

	@Test
	void mergeWithoutStepSettingsKeepsGlobalOnes() {
		KubernetesWorkerSettings global = new KubernetesWorkerSettings();
		global.setImage("app:1");
		global.setTolerations(List.of(new KubernetesWorkerSettings.Toleration()));
		KubernetesWorkerSettings merged = global.merge(null);
		assertThat(merged.getImage()).isEqualTo("app:1");
		assertThat(merged.getTolerations()).hasSize(1);
	}

	@Test
	void boundStepSettingsOverrideOnlyBoundProperties() {
		MapConfigurationPropertySource source = new MapConfigurationPropertySource(
				Map.of("global.backoff-limit", "2", "global.image", "app:1", "step.cleanup-policy", "never",
						"step.env.DB_PASSWORD.secret-key-ref.name", "db", "step.env.DB_PASSWORD.secret-key-ref.key",
						"password", "step.pod-failure-policy.enabled", "false"));
		Binder binder = new Binder(source);
		KubernetesWorkerSettings global = binder.bindOrCreate("global", KubernetesWorkerSettings.class);
		KubernetesWorkerSettings step = binder.bindOrCreate("step", KubernetesWorkerSettings.class);
		KubernetesWorkerSettings merged = global.merge(step);
		assertThat(merged.getBackoffLimit()).isEqualTo(2);
		assertThat(merged.getImage()).isEqualTo("app:1");
		assertThat(merged.getCleanupPolicy()).isEqualTo(CleanupPolicy.NEVER);
		assertThat(merged.getPodFailurePolicy().isEnabled()).isFalse();
		assertThat(merged.getEnv()).hasSize(1);
		assertThat(merged.getEnv().values().iterator().next().getSecretKeyRef().getName()).isEqualTo("db");
	}

}
