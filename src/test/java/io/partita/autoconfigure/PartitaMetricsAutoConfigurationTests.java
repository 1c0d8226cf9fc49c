package io.partita.autoconfigure;

import java.time.Instant;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.partita.ops.metrics.PartitaMetrics;
import io.partita.ops.metrics.PartitionMetrics;
import io.partita.partition.PartitionLaunchedEvent;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PartitaMetricsAutoConfiguration}.
 */
class PartitaMetricsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(LocalLauncherAutoConfiguration.class, PartitaMetricsAutoConfiguration.class))
		.withPropertyValues("partita.local.main-class=io.partita.it.TestJobsApplication")
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new);

	@Test
	void partitionEventsAreRecordedWithTheLauncherTag() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(PartitionMetrics.class);
			context.publishEvent(new PartitionLaunchedEvent(1, 2, "workerStep:partition0", "pid 42", 1, Instant.now(),
					"importJob", "workerStep", Instant.now()));

			assertThat(context.getBean(MeterRegistry.class)
				.get(PartitaMetrics.PARTITIONS_LAUNCHED)
				.tags("job", "importJob", "step", "workerStep", "launcher", "local")
				.counter()
				.count()).isEqualTo(1);
		});
	}

	@Test
	void metricsNotConfiguredInWorkerProcess() {
		this.contextRunner.withPropertyValues("partita.worker.process=true")
			.run((context) -> assertThat(context).doesNotHaveBean(PartitionMetrics.class));
	}

	@Test
	void metricsNotConfiguredWithoutMeterRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(LocalLauncherAutoConfiguration.class, PartitaMetricsAutoConfiguration.class))
			.withPropertyValues("partita.local.main-class=io.partita.it.TestJobsApplication")
			.run((context) -> assertThat(context).doesNotHaveBean(PartitionMetrics.class));
	}

}
