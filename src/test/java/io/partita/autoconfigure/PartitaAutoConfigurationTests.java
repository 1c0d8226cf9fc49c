package io.partita.autoconfigure;

import java.nio.file.Path;

import io.partita.Partita;
import io.partita.embedded.EmbeddedDatabaseServer;
import io.partita.launch.WorkerLauncher;
import io.partita.launch.local.LocalWorkerCommandDecorator;
import io.partita.launch.local.LocalWorkerLauncher;
import io.partita.launch.local.cds.WorkerClassArchives;
import io.partita.partition.support.JdbcStepExecutionLookup;
import io.partita.worker.WorkerStepRunner;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.batch.autoconfigure.BatchAutoConfiguration;
import org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Auto-configuration of Partita: what a manager and a worker get, and the clear errors
 * for bad settings.
 */
class PartitaAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EmbeddedJobRepositoryAutoConfiguration.class,
				DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
				TransactionAutoConfiguration.class, BatchJdbcAutoConfiguration.class, BatchAutoConfiguration.class,
				LocalLauncherAutoConfiguration.class, PartitaAutoConfiguration.class, WorkerAutoConfiguration.class,
				CommandAutoConfiguration.class))
		.withUserConfiguration(WorkerStepConfiguration.class)
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:partita-autoconfig;DB_CLOSE_DELAY=-1",
				"spring.batch.jdbc.initialize-schema=always",
				"partita.local.main-class=io.partita.it.TestJobsApplication");

	@Test
	void managerGetsTheLocalLauncherByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(Partita.class);
			assertThat(context).hasSingleBean(LocalWorkerLauncher.class);
			assertThat(context).doesNotHaveBean(WorkerStepRunner.class);
			assertThat(context).doesNotHaveBean(EmbeddedDatabaseServer.class);
		});
	}

	@Test
	void localWorkersStartFromClassArchivesKeptInTheWorkDirectoryByDefault() {
		this.contextRunner.withPropertyValues("partita.local.work-directory=target/autoconfig-workers")
			.run((context) -> assertThat(context).getBean(WorkerClassArchives.class)
				.hasFieldOrPropertyWithValue("directory",
						Path.of("target/autoconfig-workers/class-data").toAbsolutePath()));
	}

	@Test
	void classDataSharingCanBeTurnedOffOrMovedToADirectoryOfItsOwn() {
		this.contextRunner.withPropertyValues("partita.local.class-data-sharing.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(LocalWorkerLauncher.class)
				.doesNotHaveBean(LocalWorkerCommandDecorator.class));
		this.contextRunner.withPropertyValues("partita.local.class-data-sharing.directory=/var/cache/partita")
			.run((context) -> assertThat(context).getBean(WorkerClassArchives.class)
				.hasFieldOrPropertyWithValue("directory", Path.of("/var/cache/partita")));
	}

	@Test
	void partitionHandlerTakesItsSettingsFromProperties() {
		this.contextRunner.withPropertyValues("partita.max-workers=7", "partita.steps.workerStep.max-workers=3")
			.run((context) -> {
				PartitaProperties properties = context.getBean(PartitaProperties.class);
				assertThat(properties.maxWorkersFor("workerStep")).isEqualTo(3);
				assertThat(properties.maxWorkersFor("otherStep")).isEqualTo(7);
				assertThat(context.getBean(Partita.class).partitionHandler("workerStep").getWorkerStepName())
					.isEqualTo("workerStep");
			});
	}

	@Test
	void workerProcessGetsTheStepRunnerAndNoLauncher() {
		this.contextRunner.withPropertyValues("partita.worker.process=true").run((context) -> {
			assertThat(context).hasSingleBean(WorkerStepRunner.class);
			assertThat(context).doesNotHaveBean(WorkerLauncher.class);
		});
	}

	@Test
	void embeddedJobRepositoryIsServedWhenNoDataSourceIsConfigured() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(EmbeddedJobRepositoryAutoConfiguration.class,
					DataSourceAutoConfiguration.class))
			.withPropertyValues("partita.embedded-database.directory=target/autoconfig-embedded-db")
			.run((context) -> {
				assertThat(context).hasSingleBean(EmbeddedDatabaseServer.class);
				assertThat(context.getBean(EmbeddedDatabaseServer.class).environment())
					.containsEntry("SPRING_DATASOURCE_URL", context.getBean(EmbeddedDatabaseServer.class).getUrl());
			});
	}

	@Test
	void zeroMaxWorkersIsRefusedWithTheFix() {
		this.contextRunner.withPropertyValues("partita.max-workers=0").run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new InvalidPartitaPropertyFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).isEqualTo("partita.max-workers is 0 but must be at least 1");
			assertThat(analysis.getAction()).contains("Set it to a positive number (default 4)");
		});
	}

	@Test
	void zeroKubernetesConcurrentRequestsIsRefusedWithTheFix() {
		this.contextRunner.withPropertyValues("partita.kubernetes.concurrent-requests=0").run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new InvalidPartitaPropertyFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis.getDescription())
				.isEqualTo("partita.kubernetes.concurrent-requests is 0 but must be at least 1");
			assertThat(analysis.getAction()).contains("Set it to a positive number (default 32)");
		});
	}

	@Test
	void endedWorkersAreReadInBatchesFromTheJobRepositoryDataSource() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(JdbcStepExecutionLookup.class));
	}

	@Test
	void negativeStepMaxWorkersIsRefused() {
		this.contextRunner.withPropertyValues("partita.steps.workerStep.max-workers=-2").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure())
				.hasRootCauseMessage("partita.steps.workerStep.max-workers is -2 but must be at least 1");
		});
	}

	@Test
	void negativeMaxFailedIndexesOfAStepIsRefusedWithTheFix() {
		this.contextRunner.withPropertyValues("partita.steps.workerStep.kubernetes.max-failed-indexes=-1")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new InvalidPartitaPropertyFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription())
					.isEqualTo("partita.steps.workerStep.kubernetes.max-failed-indexes is -1 but must not be negative");
				assertThat(analysis.getAction()).contains("Set it to 0 (the first failed index ends the Indexed Job)");
			});
	}

	@Test
	void unknownLauncherIsRefused() {
		this.contextRunner.withPropertyValues("partita.launcher=yarn").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("yarn");
		});
	}

	@Test
	void partitionHandlerForAMissingStepBeanIsRefused() {
		this.contextRunner.run((context) -> assertThatIllegalArgumentException()
			.isThrownBy(() -> context.getBean(Partita.class).partitionHandler("noSuchStep"))
			.withMessageContaining(
					"'noSuchStep': this application has no Step bean of that name (Step beans: [workerStep])"));
	}

	@Test
	void restartOfANonPositiveIdIsRefused() {
		this.contextRunner.withPropertyValues("partita.restart=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessage("partita.restart is 0 but it must be a job execution id");
		});
	}

	@Test
	void managerWithoutAMainClassOrExecutableJarIsToldToConfigureOne() {
		this.contextRunner.withPropertyValues("partita.local.main-class=").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("Set partita.local.main-class to the main class of your application.");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class WorkerStepConfiguration {

		@Bean
		Step workerStep(JobRepository jobRepository, PlatformTransactionManager transactionManager) {
			return new StepBuilder("workerStep", jobRepository)
				.tasklet((contribution, chunkContext) -> RepeatStatus.FINISHED, transactionManager)
				.build();
		}

	}

}
