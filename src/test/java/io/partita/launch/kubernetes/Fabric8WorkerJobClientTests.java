package io.partita.launch.kubernetes;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.partita.launch.WorkerRequest;
import io.partita.worker.WorkerContract;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the informers of {@link Fabric8WorkerJobClient} keep of each Job: what the
 * launcher reads, not the whole pod template.
 */
@EnableKubernetesMockClient(crud = true)
class Fabric8WorkerJobClientTests {

	KubernetesClient client;

	@Test
	void watchedJobsKeepTheirLabelsStatusAndContractVariablesButNotTheRestOfTheirPodTemplate() throws Exception {
		KubernetesWorkerSettings settings = new KubernetesWorkerSettings();
		settings.setImage("registry.example/partita:1");
		settings.getResources().setLimits(Map.of("memory", "2Gi"));
		WorkerRequest request = new WorkerRequest("Ledger_Import", "workerStep:partition1",
				new WorkerContract(7, 42, "workerStep", 1));
		Job job = new WorkerJobFactory()
			.create(WorkerJobParameters.of(request, settings, "registry.example/partita:1", "ledger-app"));
		this.client.batch().v1().jobs().inNamespace("test").resource(job).create();
		Fabric8WorkerJobClient jobs = new Fabric8WorkerJobClient(this.client, "test", () -> null);

		WorkerJobClient.WorkerWatch watch = jobs.watch(WorkerLabels.selector(7),
				new WorkerJobClient.WorkerEventHandler() {

					@Override
					public void jobChanged(Job changed) {
					}

					@Override
					public void jobDeleted(Job deleted) {
					}

					@Override
					public void podChanged(Pod pod) {
					}

					@Override
					public void podDeleted(Pod pod) {
					}

				});
		try {
			watch.started().get(30, TimeUnit.SECONDS);

			assertThat(watch.jobs()).hasSize(1);
			Job watched = watch.jobs().get(0);
			assertThat(new WorkerJob(watched).contract(7)).isEqualTo(request.contract());
			assertThat(watched.getMetadata().getLabels()).isEqualTo(job.getMetadata().getLabels());
			assertThat(watched.getSpec().getPodFailurePolicy()).isNull();
			Container container = watched.getSpec().getTemplate().getSpec().getContainers().get(0);
			assertThat(container.getName()).isEqualTo("worker");
			assertThat(container.getImage()).isNull();
			assertThat(container.getResources()).isNull();
			assertThat(container.getEnv()).extracting(EnvVar::getName)
				.isNotEmpty()
				.allMatch((name) -> name.startsWith("PARTITA_"))
				.contains(WorkerContract.STEP_EXECUTION_ID);
		}
		finally {
			watch.close();
		}
	}

}
