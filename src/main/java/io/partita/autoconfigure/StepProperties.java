package io.partita.autoconfigure;

import io.partita.launch.kubernetes.KubernetesWorkerSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Settings of one worker step.
 */
public class StepProperties {

	/**
	 * Maximum number of workers alive at once for this worker step.
	 */
	private @Nullable Integer maxWorkers;

	/**
	 * Kubernetes settings of this worker step, overriding partita.kubernetes.*.
	 */
	@NestedConfigurationProperty
	private final KubernetesWorkerSettings kubernetes = new KubernetesWorkerSettings();

	public KubernetesWorkerSettings getKubernetes() {
		return this.kubernetes;
	}

	public @Nullable Integer getMaxWorkers() {
		return this.maxWorkers;
	}

	public void setMaxWorkers(@Nullable Integer maxWorkers) {
		this.maxWorkers = maxWorkers;
	}

	void validate(String step) {
		if (this.maxWorkers != null) {
			PropertyChecks.requirePositive("partita.steps." + step + ".max-workers", this.maxWorkers,
					"partita.max-workers");
		}
		PropertyChecks.requireMaxFailedIndexes("partita.steps." + step + ".kubernetes.max-failed-indexes",
				this.kubernetes.getMaxFailedIndexes());
	}

}
