package io.partita.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.partita.launch.WorkerLauncher;
import io.partita.ops.metrics.PartitionMetrics;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link AutoConfiguration Auto-configuration} of the manager's partition metrics
 * ({@link PartitionMetrics}), active in a manager (not a worker process) that has a
 * Micrometer {@link MeterRegistry}.
 */
@AutoConfiguration(after = PartitaAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = WorkerEnvironmentPostProcessor.WORKER_PROCESS_PROPERTY, havingValue = false,
		matchIfMissing = true)
public final class PartitaMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean({ MeterRegistry.class, WorkerLauncher.class })
	PartitionMetrics partitaPartitionMetrics(MeterRegistry registry, WorkerLauncher launcher) {
		return new PartitionMetrics(registry, LauncherNames.of(launcher));
	}

}
