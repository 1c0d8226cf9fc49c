package io.partita.kubernetes;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.partita.autoconfigure.PartitaProperties;
import io.partita.controlplane.ControlPlane;
import io.partita.controlplane.ImageCommands;
import io.partita.controlplane.KubernetesControlPlane;
import io.partita.controlplane.NodeAgent;
import io.partita.controlplane.TestNamespace;
import io.partita.it.TestJobsApplication;
import io.partita.launch.kubernetes.KubernetesWorkerLauncher;
import io.partita.launch.kubernetes.KubernetesWorkerSettings;
import io.partita.launch.kubernetes.WorkerLabels;
import io.partita.partition.WorkerPartitionHandler;
import io.partita.test.JobRuns;
import io.partita.test.PostgresSchema;
import io.partita.worker.WorkerContract;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.backoff.FixedBackOff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Indexed mode end to end on a real control plane: each round of a partitioned step is
 * one Indexed Job that the real Job controller runs index by index, a {@link NodeAgent}
 * runs each pod as a real worker JVM that finds its step execution from
 * {@code PARTITA_STEP_EXECUTION_IDS} and the {@code JOB_COMPLETION_INDEX} the Job
 * controller injects, and manager and workers share a PostgreSQL job repository.
 */
@ExtendWith(KubernetesControlPlane.class)
@SpringBootTest(classes = { TestJobsApplication.class, IndexedModeEndToEndTests.ControlPlaneClient.class },
		properties = { "partita.launcher=kubernetes", "partita.kubernetes.mode=indexed",
				"partita.kubernetes.image=" + IndexedModeEndToEndTests.IMAGE, "partita.max-workers=2",
				"spring.application.name=partita-indexed", "spring.batch.jdbc.initialize-schema=always",
				"partita.kubernetes.env[SPRING_DATASOURCE_URL].secret-key-ref.name="
						+ IndexedModeEndToEndTests.DATABASE_SECRET,
				"partita.kubernetes.env[SPRING_DATASOURCE_URL].secret-key-ref.key=url",
				"partita.kubernetes.env[SPRING_DATASOURCE_USERNAME].secret-key-ref.name="
						+ IndexedModeEndToEndTests.DATABASE_SECRET,
				"partita.kubernetes.env[SPRING_DATASOURCE_USERNAME].secret-key-ref.key=username",
				"partita.kubernetes.env[SPRING_DATASOURCE_PASSWORD].secret-key-ref.name="
						+ IndexedModeEndToEndTests.DATABASE_SECRET,
				"partita.kubernetes.env[SPRING_DATASOURCE_PASSWORD].secret-key-ref.key=password" })
class IndexedModeEndToEndTests {

	static final String IMAGE = "partita/partita:test";

	static final String DATABASE_SECRET = "partita-indexed-db";

	private static final Duration TIMEOUT = Duration.ofMinutes(3);

	private static @Nullable ControlPlane controlPlane;

	private static @Nullable String namespace;

	private static @Nullable String databaseUrl;

	private static @Nullable WorkerObjects objects;

	private static final List<AutoCloseable> cluster = new ArrayList<>();

	@Autowired
	private JobOperator jobOperator;

	@Autowired
	private JobRepository jobRepository;

	@Autowired
	private org.springframework.batch.core.job.Job testJob;

	@Autowired
	private Partitioner testPartitioner;

	@Autowired
	private PartitaProperties properties;

	@Autowired
	private KubernetesClient managerClient;

	private final List<KubernetesWorkerLauncher> launchers = new ArrayList<>();

	@BeforeAll
	static void startNodeAgent(ControlPlane plane, TestNamespace plain) {
		controlPlane = plane;
		namespace = plain.name();
		databaseUrl = PostgresSchema.create();
		KubernetesClient client = plane.client();
		EndToEndCluster.createDatabaseSecret(client, namespace, DATABASE_SECRET, databaseUrl);
		ImageCommands images = ImageCommands.none().withJavaMain(IMAGE, TestJobsApplication.class.getName());
		Path pods = plane.workDirectory().resolve("pods");
		cluster.add(new NodeAgent(client, images, pods).namespace(namespace)
			.environment(EndToEndCluster.WORKER_JVM)
			.start());
		objects = new WorkerObjects(client, namespace);
		cluster.add(objects);
	}

	@AfterAll
	static void stopNodeAgent() throws Exception {
		for (AutoCloseable closeable : cluster) {
			closeable.close();
		}
		cluster.clear();
	}

	@AfterEach
	void destroyLaunchers() throws InterruptedException {
		for (KubernetesWorkerLauncher launcher : this.launchers) {
			launcher.destroy();
		}
	}

	@DynamicPropertySource
	static void jobRepositoryAndNamespace(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> databaseUrl);
		registry.add("spring.datasource.username", () -> PostgresSchema.USER);
		registry.add("spring.datasource.password", () -> PostgresSchema.PASSWORD);
		registry.add("partita.kubernetes.namespace", () -> namespace);
	}

	@Test
	void partitionsRunAsTheIndexesOfOneIndexedJobThatIsDeletedWithItsPods() throws Exception {
		JobExecution execution = run(this.testJob, parameters("complete").addString("partitions", "3"));

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		long id = execution.getId();
		List<StepExecution> partitions = partitions(execution);
		assertThat(partitions).hasSize(3)
			.allSatisfy((partition) -> assertThat(partition.getStatus()).isEqualTo(BatchStatus.COMPLETED));
		long manager = managerStep(execution, "managerStep").getId();
		assertThat(objects().jobsSeen(id)).extracting((job) -> job.getMetadata().getName())
			.containsExactly("testjob-" + id + "-" + manager + "-r1");
		Job job = objects().jobsSeen(id).get(0);
		assertThat(job.getSpec().getCompletionMode()).isEqualTo("Indexed");
		assertThat(job.getSpec().getCompletions()).isEqualTo(3);
		assertThat(job.getSpec().getParallelism()).isEqualTo(2);
		assertThat(job.getSpec().getBackoffLimitPerIndex()).isEqualTo(0);
		assertThat(job.getSpec().getPodFailurePolicy().getRules()).extracting(PodFailurePolicyRule::getAction)
			.containsExactly("Ignore", "FailIndex");
		assertThat(job.getMetadata().getLabels())
			.containsEntry(WorkerLabels.MANAGER_STEP_EXECUTION_ID, Long.toString(manager))
			.containsEntry(WorkerLabels.ROUND, "1")
			.containsEntry(WorkerLabels.ATTEMPT, "1")
			.doesNotContainKey(WorkerLabels.STEP_EXECUTION_ID);
		assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()).contains(new EnvVar(
				WorkerContract.STEP_EXECUTION_IDS,
				WorkerContract.formatStepExecutionIds(partitions.stream().map(StepExecution::getId).toList()), null));
		assertThat(objects().podsSeen(id)).hasSize(3)
			.extracting((pod) -> pod.getMetadata().getLabels().get(WorkerLabels.COMPLETION_INDEX))
			.containsExactlyInAnyOrder("0", "1", "2");
		assertThat(objects().podsSeen(id)).extracting((pod) -> pod.getStatus().getPhase()).containsOnly("Succeeded");
		await().atMost(TIMEOUT).untilAsserted(() -> {
			assertThat(objects().jobsNow(id)).isEmpty();
			assertThat(objects().podsNow(id)).isEmpty();
		});
	}

	@Test
	void failedIndexIsRetriedInTheNextRoundAndSucceeds() throws Exception {
		WorkerPartitionHandler handler = handler(this.properties.kubernetesFor(TestJobsApplication.WORKER_STEP));
		handler.setMaxAttempts(2);
		JobExecution execution = run(jobWith("retryJob", handler),
				parameters("retry").addString("partitions", "2").addString("failFirstAttempt", "1"));

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		long id = execution.getId();
		long manager = managerStep(execution, "Manager_Step.retryJob").getId();
		assertThat(objects().jobsSeen(id)).extracting((job) -> job.getMetadata().getName())
			.containsExactly("retryjob-" + id + "-" + manager + "-r1", "retryjob-" + id + "-" + manager + "-r2");
		Job first = objects().jobsSeen(id).get(0);
		assertThat(first.getStatus().getFailedIndexes()).isEqualTo("1");
		assertThat(first.getStatus().getCompletedIndexes()).isEqualTo("0");
		Job retry = objects().jobsSeen(id).get(1);
		assertThat(retry.getSpec().getCompletions()).isEqualTo(1);
		assertThat(retry.getMetadata().getLabels()).containsEntry(WorkerLabels.ATTEMPT, "2");
		assertThat(partitions(execution))
			.allSatisfy((partition) -> assertThat(partition.getStatus()).isEqualTo(BatchStatus.COMPLETED));
	}

	@Test
	void nonRetryableExitFailsOnlyItsIndex() throws Exception {
		WorkerPartitionHandler handler = handler(this.properties.kubernetesFor(TestJobsApplication.WORKER_STEP));
		handler.setMaxAttempts(3);
		JobExecution execution = run(jobWith("nonRetryableJob", handler),
				parameters("nonRetryable").addString("partitions", "3").addString("nonRetryable", "0"));

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
		long id = execution.getId();
		StepExecution failed = partition(execution, "testStep:partition0");
		assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(failed.getExitStatus().getExitDescription()).contains("exit code 2 (step failed, not retryable)")
			.contains("NonRetryableTestException: Partition 0 cannot succeed");
		assertThat(partition(execution, "testStep:partition1").getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(partition(execution, "testStep:partition2").getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(objects().jobsSeen(id)).as("no retry round").hasSize(1);
		Job job = objects().jobsSeen(id).get(0);
		assertThat(job.getStatus().getFailedIndexes()).isEqualTo("0");
		assertThat(job.getStatus().getCompletedIndexes()).isEqualTo("1,2");
		assertThat(objects().podsSeen(id)).as("one pod per index, none retried by Kubernetes").hasSize(3);
	}

	@Test
	void exceedingMaxFailedIndexesEndsTheJobAndFailsThePartitionsThatDidNotRun() throws Exception {
		KubernetesWorkerSettings settings = this.properties.kubernetesFor(TestJobsApplication.WORKER_STEP);
		settings.setMaxFailedIndexes(0);
		WorkerPartitionHandler handler = handler(settings);
		handler.setMaxWorkers(1);
		handler.setMaxAttempts(3);
		JobExecution execution = run(jobWith("maxFailedJob", handler),
				parameters("maxFailed").addString("partitions", "3").addString("nonRetryable", "0"));

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
		long id = execution.getId();
		assertThat(partition(execution, "testStep:partition0").getExitStatus().getExitDescription())
			.contains("exit code 2 (step failed, not retryable)");
		for (String notRun : List.of("testStep:partition1", "testStep:partition2")) {
			StepExecution partition = partition(execution, notRun);
			assertThat(partition.getStatus()).as(notRun).isEqualTo(BatchStatus.FAILED);
			assertThat(partition.getExitStatus().getExitDescription()).as(notRun)
				.contains("worker ended without recording the step")
				.contains("MaxFailedIndexesExceeded");
		}
		assertThat(objects().jobsSeen(id)).as("no retry round after maxFailedIndexes").hasSize(1);
		Job job = objects().jobsSeen(id).get(0);
		assertThat(job.getSpec().getMaxFailedIndexes()).isEqualTo(0);
		assertThat(job.getStatus().getConditions()).filteredOn((condition) -> "Failed".equals(condition.getType()))
			.extracting(JobCondition::getReason)
			.containsExactly("MaxFailedIndexesExceeded");
		assertThat(objects().podsSeen(id))
			.extracting((pod) -> pod.getMetadata().getLabels().get(WorkerLabels.COMPLETION_INDEX))
			.containsExactly("0");
	}

	@Test
	void restartRunsOnlyThePartitionsThatDidNotCompleteInANewIndexedJob() throws Exception {
		JobExecution failed = run(this.testJob,
				parameters("restart").addString("partitions", "3").addString("failFirstExecution", "1"));

		assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(partition(failed, "testStep:partition1").getStatus()).isEqualTo(BatchStatus.FAILED);

		JobExecution restarted = this.jobRepository.getJobExecution(this.jobOperator.restart(failed).getId());

		assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(partitions(restarted)).extracting(StepExecution::getStepName).containsExactly("testStep:partition1");
		assertThat(partition(restarted, "testStep:partition1").getStatus()).isEqualTo(BatchStatus.COMPLETED);
		Job job = objects().jobsSeen(restarted.getId()).get(0);
		assertThat(job.getSpec().getCompletions()).isEqualTo(1);
		assertThat(job.getMetadata().getName())
			.isEqualTo("testjob-" + restarted.getId() + "-" + managerStep(restarted, "managerStep").getId() + "-r1");
		Pod pod = objects().podsSeen(restarted.getId()).get(0);
		assertThat(pod.getStatus().getPhase()).isEqualTo("Succeeded");
	}

	private WorkerPartitionHandler handler(KubernetesWorkerSettings settings) {
		KubernetesWorkerLauncher launcher = new KubernetesWorkerLauncher(this.managerClient, namespace(),
				(step) -> settings, "partita-indexed");
		this.launchers.add(launcher);
		WorkerPartitionHandler handler = new WorkerPartitionHandler(launcher, this.jobRepository,
				TestJobsApplication.WORKER_STEP);
		handler.setMaxWorkers(2);
		handler.setRetryBackOff(new FixedBackOff(0, Long.MAX_VALUE));
		return handler;
	}

	private org.springframework.batch.core.job.Job jobWith(String name, WorkerPartitionHandler handler) {
		return new JobBuilder(name, this.jobRepository)
			.start(new StepBuilder("Manager_Step." + name, this.jobRepository)
				.partitioner(TestJobsApplication.WORKER_STEP, this.testPartitioner)
				.partitionHandler(handler)
				.build())
			.build();
	}

	private JobParametersBuilder parameters(String test) {
		return new JobParametersBuilder().addString("test", test + "-" + System.nanoTime());
	}

	private JobExecution run(org.springframework.batch.core.job.Job job, JobParametersBuilder parameters)
			throws Exception {
		return JobRuns.start(this.jobOperator, this.jobRepository, job, parameters.toJobParameters(), TIMEOUT).get();
	}

	private List<StepExecution> partitions(JobExecution execution) {
		return JobRuns.steps(this.jobRepository, execution, TestJobsApplication.WORKER_STEP + ":");
	}

	private StepExecution partition(JobExecution execution, String name) {
		return JobRuns.step(this.jobRepository, execution, name);
	}

	private StepExecution managerStep(JobExecution execution, String name) {
		return JobRuns.step(this.jobRepository, execution, name);
	}

	private static String namespace() {
		return EndToEndCluster.started(namespace);
	}

	private static WorkerObjects objects() {
		return EndToEndCluster.started(objects);
	}

	/**
	 * The manager's Kubernetes client: the control plane's admin credentials, without
	 * fabric8's own retries, so that retries are Partita's.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class ControlPlaneClient {

		@Bean
		@Primary
		KubernetesClient controlPlaneKubernetesClient() {
			return EndToEndCluster.withoutClientRetries(EndToEndCluster.started(controlPlane).client());
		}

	}

}
