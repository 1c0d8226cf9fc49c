package io.partita.autoconfigure;

import java.util.Map;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.partita.Partita;
import io.partita.launch.WorkerRequest;
import io.partita.launch.kubernetes.WorkerJobFactory;
import io.partita.launch.kubernetes.WorkerJobParameters;
import io.partita.worker.WorkerContract;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Job spec of a remote step's worker carries the step's own Kubernetes settings,
 * bound from {@code partita.steps.<step>.kubernetes.*}, while other steps keep the global
 * ones.
 */
class RemoteStepJobSpecTests {

	@Test
	void remoteStepJobAsksForItsOwnResourcesNodeAndServiceAccount() {
		PartitaProperties properties = bind(
				Map.of("partita.kubernetes.image", "partita:1", "partita.kubernetes.resources.limits.memory", "512Mi",
						"partita.steps.reportStep.kubernetes.resources.limits.memory", "8Gi",
						"partita.steps.reportStep.kubernetes.node-selector.pool", "highmem",
						"partita.steps.reportStep.kubernetes.service-account-name", "reports"));

		Job report = job(properties, "reportStep");
		Job other = job(properties, "validateStep");

		assertThat(resources(report).getLimits()).containsEntry("memory", new Quantity("8Gi"));
		assertThat(report.getSpec().getTemplate().getSpec().getNodeSelector()).containsEntry("pool", "highmem");
		assertThat(report.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("reports");
		assertThat(resources(other).getLimits()).containsEntry("memory", new Quantity("512Mi"));
		assertThat(other.getSpec().getTemplate().getSpec().getNodeSelector()).isNullOrEmpty();
	}

	private static Job job(PartitaProperties properties, String step) {
		WorkerRequest request = new WorkerRequest("ledgerImport", step + ":" + Partita.REMOTE_PARTITION,
				new WorkerContract(7, 42, step, 1));
		return new WorkerJobFactory()
			.create(WorkerJobParameters.of(request, properties.kubernetesFor(step), "partita:1", "ledger"));
	}

	private static ResourceRequirements resources(Job job) {
		return job.getSpec().getTemplate().getSpec().getContainers().get(0).getResources();
	}

	private static PartitaProperties bind(Map<String, String> values) {
		return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("partita", PartitaProperties.class);
	}

}
