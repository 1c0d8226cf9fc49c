package io.partita.autoconfigure;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.partita.launch.WorkerLauncher;
import io.partita.launch.kubernetes.CleanupPolicy;
import io.partita.launch.kubernetes.KubernetesWorkerLauncher;
import io.partita.launch.kubernetes.KubernetesWorkerSettings;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.cloud.kubernetes.commons.KubernetesCommonsAutoConfiguration;
import org.springframework.cloud.kubernetes.fabric8.Fabric8AutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link KubernetesLauncherAutoConfiguration}.
 */
class KubernetesLauncherAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KubernetesLauncherAutoConfiguration.class))
		.withBean(KubernetesClient.class,
				() -> new KubernetesClientBuilder()
					.withConfig(new ConfigBuilder().withMasterUrl("https://localhost:1").withNamespace("batch").build())
					.build());

	@Test
	void launcherConfiguredWhenLauncherIsKubernetes() {
		this.contextRunner.withPropertyValues("partita.launcher=kubernetes")
			.run((context) -> assertThat(context).hasSingleBean(KubernetesWorkerLauncher.class));
	}

	@Test
	void launcherNotConfiguredByDefault() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(KubernetesWorkerLauncher.class));
	}

	@Test
	void launcherNotConfiguredWhenLauncherIsLocal() {
		this.contextRunner.withPropertyValues("partita.launcher=local")
			.run((context) -> assertThat(context).doesNotHaveBean(KubernetesWorkerLauncher.class));
	}

	@Test
	void launcherNotConfiguredInWorkerProcess() {
		this.contextRunner.withPropertyValues("partita.launcher=kubernetes", "partita.worker.process=true")
			.run((context) -> assertThat(context).doesNotHaveBean(KubernetesWorkerLauncher.class));
	}

	@Test
	void launcherBacksOffWhenUserDefinesWorkerLauncher() {
		this.contextRunner.withPropertyValues("partita.launcher=kubernetes")
			.withBean("userLauncher", WorkerLauncher.class, () -> (request) -> null)
			.run((context) -> assertThat(context).doesNotHaveBean(KubernetesWorkerLauncher.class)
				.hasSingleBean(WorkerLauncher.class));
	}

	@Test
	void clientBuiltFromKubeconfigWhenNoneIsDefined() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(KubernetesLauncherAutoConfiguration.class))
			.withPropertyValues("partita.launcher=kubernetes", "partita.kubernetes.namespace=batch")
			.run((context) -> assertThat(context).hasSingleBean(KubernetesClient.class)
				.hasSingleBean(KubernetesWorkerLauncher.class));
	}

	@Test
	void launcherUsesTheClientSpringCloudKubernetesConfigures() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(KubernetesCommonsAutoConfiguration.class,
					Fabric8AutoConfiguration.class, KubernetesLauncherAutoConfiguration.class))
			.withPropertyValues("spring.main.cloud-platform=kubernetes", "partita.kubernetes.namespace=batch")
			.run((context) -> {
				assertThat(context).hasSingleBean(KubernetesClient.class).hasSingleBean(KubernetesWorkerLauncher.class);
				assertThat(context.getBeanNamesForType(KubernetesClient.class))
					.as("the client Spring Cloud Kubernetes defines, not one of Partita's")
					.containsExactly("kubernetesClient");
			});
	}

	@Test
	void launcherConfiguredByDefaultInsideAKubernetesCluster() {
		this.contextRunner.withPropertyValues("spring.main.cloud-platform=kubernetes")
			.run((context) -> assertThat(context).hasSingleBean(KubernetesWorkerLauncher.class));
	}

	@Test
	void stepSettingsOverrideGlobalOnes() {
		this.contextRunner
			.withPropertyValues("partita.launcher=kubernetes", "partita.kubernetes.image=app:1",
					"partita.kubernetes.backoff-limit=2", "partita.kubernetes.labels.team=ledger",
					"partita.steps.workerStep.kubernetes.image=app:2",
					"partita.steps.workerStep.kubernetes.cleanup-policy=never",
					"partita.steps.workerStep.kubernetes.resources.limits.memory=2Gi")
			.run((context) -> {
				PartitaProperties properties = context.getBean(PartitaProperties.class);
				KubernetesWorkerSettings worker = properties.kubernetesFor("workerStep");
				assertThat(worker.getImage()).isEqualTo("app:2");
				assertThat(worker.getBackoffLimit()).isEqualTo(2);
				assertThat(worker.getCleanupPolicy()).isEqualTo(CleanupPolicy.NEVER);
				assertThat(worker.getLabels()).containsEntry("team", "ledger");
				assertThat(worker.getResources().getLimits()).containsEntry("memory", "2Gi");
				KubernetesWorkerSettings other = properties.kubernetesFor("otherStep");
				assertThat(other.getImage()).isEqualTo("app:1");
				assertThat(other.getCleanupPolicy()).isEqualTo(CleanupPolicy.ON_SUCCESS);
			});
	}

}
