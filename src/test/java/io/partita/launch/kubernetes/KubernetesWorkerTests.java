package io.partita.launch.kubernetes;

import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.partita.launch.WorkerRequest;
import io.partita.worker.WorkerContract;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the end-of-worker policy of {@link KubernetesWorker}, fed events by hand.
 */
class KubernetesWorkerTests {

	private final List<KubernetesWorker.Ending> endings = new ArrayList<>();

	private final KubernetesWorker worker = new KubernetesWorker("job-1-2",
			new WorkerRequest("job", "p", new WorkerContract(1, 2, "step", 1)), new KubernetesWorkerSettings(),
			KubernetesWorker.Actions.none(this.endings::add));

	@Test
	void completeJobWithRunningPodWaitsForThePodToEnd() {
		this.worker.created();
		this.worker.podChanged(pod("Running"));
		this.worker.jobChanged(job("Complete"));
		assertThat(this.worker.exit()).isNotDone();
		this.worker.podChanged(pod("Succeeded"));
		assertThat(this.worker.exit()).isCompleted();
		assertThat(this.endings).singleElement().satisfies((ending) -> assertThat(ending.success()).isTrue());
	}

	@Test
	void failureTargetEndsOnceAllPodsHaveEnded() {
		this.worker.created();
		this.worker.podChanged(pod("Failed"));
		this.worker.jobChanged(job("FailureTarget"));
		assertThat(this.worker.exit()).isCompleted();
		assertThat(this.endings.get(0).reason()).contains("Job failed");
	}

	@Test
	void eventsBeforeTheJobIsCreatedAreKeptUntilThen() {
		this.worker.jobChanged(job("Complete"));
		assertThat(this.worker.exit()).isNotDone();
		this.worker.created();
		assertThat(this.worker.exit()).isCompleted();
	}

	@Test
	void stopBeforeCreationPreventsTheJob() {
		this.worker.stop();
		assertThat(this.worker.mayCreate()).isFalse();
	}

	private static WorkerJob job(String condition) {
		return new WorkerJob(new JobBuilder().withNewMetadata()
			.withName("job-1-2")
			.endMetadata()
			.withNewStatus()
			.addNewCondition()
			.withType(condition)
			.withStatus("True")
			.endCondition()
			.endStatus()
			.build());
	}

	private static WorkerPod pod(String phase) {
		return new WorkerPod(new PodBuilder().withNewMetadata()
			.withName("job-1-2-abcde")
			.endMetadata()
			.withNewStatus()
			.withPhase(phase)
			.endStatus()
			.build());
	}

}
