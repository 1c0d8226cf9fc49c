package io.partita.autoconfigure;

import java.util.Map;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.partita.ops.health.JobRepositoryHealthIndicator;
import io.partita.ops.health.KubernetesHealthIndicator;
import io.partita.ops.info.PartitaInfoContributor;
import io.partita.test.InMemoryJobRepository;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PartitaActuatorAutoConfiguration}.
 */
class PartitaActuatorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LocalLauncherAutoConfiguration.class,
				KubernetesLauncherAutoConfiguration.class, PartitaActuatorAutoConfiguration.class))
		.withPropertyValues("partita.local.main-class=io.partita.it.TestJobsApplication")
		.withBean(JobRepository.class, PartitaActuatorAutoConfigurationTests::jobRepository)
		.withBean(KubernetesClient.class,
				() -> new KubernetesClientBuilder()
					.withConfig(new ConfigBuilder().withMasterUrl("https://localhost:1").withNamespace("batch").build())
					.build());

	@Test
	void healthChecksTheJobRepositoryWithTheLocalLauncher() {
		this.contextRunner.run((context) -> assertThat(partitaHealth(context).stream())
			.extracting((entry) -> entry.name() + "=" + entry.contributor().getClass().getSimpleName())
			.containsExactly("jobRepository=" + JobRepositoryHealthIndicator.class.getSimpleName()));
	}

	@Test
	void healthChecksTheJobRepositoryAndKubernetesWithTheKubernetesLauncher() {
		this.contextRunner.withPropertyValues("partita.launcher=kubernetes")
			.run((context) -> assertThat(partitaHealth(context).stream())
				.extracting((entry) -> entry.name() + "=" + entry.contributor().getClass().getSimpleName())
				.containsExactly("jobRepository=" + JobRepositoryHealthIndicator.class.getSimpleName(),
						"kubernetes=" + KubernetesHealthIndicator.class.getSimpleName()));
	}

	@Test
	void healthNotConfiguredWhenDisabled() {
		this.contextRunner.withPropertyValues("management.health.partita.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("partitaHealthContributor"));
	}

	@Test
	void nothingConfiguredInWorkerProcess() {
		this.contextRunner.withPropertyValues("partita.worker.process=true")
			.run((context) -> assertThat(context).doesNotHaveBean("partitaHealthContributor")
				.doesNotHaveBean(PartitaInfoContributor.class));
	}

	@Test
	void infoTellsTheVersionAndTheLocalLauncher() {
		this.contextRunner.run((context) -> assertThat(partitaInfo(context))
			.containsExactly(Map.entry("version", PartitaInfoContributor.version()), Map.entry("launcher", "local")));
	}

	@Test
	void infoTellsTheNamespaceOfTheKubernetesLauncher() {
		this.contextRunner.withPropertyValues("partita.launcher=kubernetes")
			.run((context) -> assertThat(partitaInfo(context)).containsEntry("launcher", "kubernetes")
				.containsEntry("namespace", "batch"));
	}

	@Test
	void versionIsTheBuildsVersion() {
		assertThat(PartitaInfoContributor.version()).matches("\\d+\\.\\d+\\.\\d+.*");
	}

	private static JobRepository jobRepository() {
		try {
			return InMemoryJobRepository.create();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static CompositeHealthContributor partitaHealth(AssertableApplicationContext context) {
		return context.getBean("partitaHealthContributor", CompositeHealthContributor.class);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> partitaInfo(AssertableApplicationContext context) {
		Info.Builder builder = new Info.Builder();
		context.getBean(PartitaInfoContributor.class).contribute(builder);
		return (Map<String, Object>) builder.build().getDetails().get("partita");
	}

}
