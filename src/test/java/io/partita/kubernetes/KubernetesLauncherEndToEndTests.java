package io.partita.kubernetes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.partita.Partita;
import io.partita.autoconfigure.PartitaProperties;
import io.partita.controlplane.ControlPlane;
import io.partita.controlplane.ImageCommands;
import io.partita.controlplane.KubernetesControlPlane;
import io.partita.controlplane.NodeAgent;
import io.partita.controlplane.RestrictedPodSecurity;
import io.partita.controlplane.TestNamespace;
import io.partita.it.TestJobsApplication;
import io.partita.launch.kubernetes.CleanupPolicy;
import io.partita.launch.kubernetes.KubernetesNames;
import io.partita.launch.kubernetes.KubernetesWorkerLauncher;
import io.partita.launch.kubernetes.KubernetesWorkerSettings;
import io.partita.launch.kubernetes.WorkerLabels;
import io.partita.partition.AttemptHistory;
import io.partita.partition.WorkerPartitionHandler;
import io.partita.test.JobRuns;
import io.partita.test.PostgresSchema;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
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
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Kubernetes launcher end to end on a real control plane: a manager in this JVM
 * creates worker Jobs on the real API server, the real Job controller creates their pods,
 * a {@link NodeAgent} runs each pod as a real worker JVM of {@link TestJobsApplication},
 * and manager and workers share a PostgreSQL job repository, which the workers reach
 * through a Secret they get by reference only.
 */
@ExtendWith(KubernetesControlPlane.class)
@SpringBootTest(
		classes = { TestJobsApplication.class, HostileNamedStepConfiguration.class,
				KubernetesLauncherEndToEndTests.ControlPlaneClient.class },
		properties = { "partita.launcher=kubernetes",
				"partita.kubernetes.image=" + KubernetesLauncherEndToEndTests.IMAGE, "partita.max-workers=2",
				"partita.retry.max-attempts=1",
				"spring.application.name=" + KubernetesLauncherEndToEndTests.APPLICATION,
				"spring.batch.jdbc.initialize-schema=always",
				"partita.kubernetes.env[SPRING_DATASOURCE_URL].secret-key-ref.name="
						+ KubernetesLauncherEndToEndTests.DATABASE_SECRET,
				"partita.kubernetes.env[SPRING_DATASOURCE_URL].secret-key-ref.key=url",
				"partita.kubernetes.env[SPRING_DATASOURCE_USERNAME].secret-key-ref.name="
						+ KubernetesLauncherEndToEndTests.DATABASE_SECRET,
				"partita.kubernetes.env[SPRING_DATASOURCE_USERNAME].secret-key-ref.key=username",
				"partita.kubernetes.env[SPRING_DATASOURCE_PASSWORD].secret-key-ref.name="
						+ KubernetesLauncherEndToEndTests.DATABASE_SECRET,
				"partita.kubernetes.env[SPRING_DATASOURCE_PASSWORD].secret-key-ref.key=password",
				"partita.kubernetes.env[SPRING_MAIN_SOURCES].value=io.partita.kubernetes.HostileNamedStepConfiguration" })
class KubernetesLauncherEndToEndTests {

	static final String IMAGE = "partita/partita:test";

	static final String APPLICATION = "partita-e2e";

	static final String DATABASE_SECRET = "partita-e2e-db";

	private static final String JOB_PREFIX = "testjob-";

	private static final Duration TIMEOUT = Duration.ofMinutes(2);

	private static @Nullable ControlPlane controlPlane;

	private static @Nullable String namespace;

	private static @Nullable String restrictedNamespace;

	private static @Nullable String databaseUrl;

	private static final List<AutoCloseable> cluster = new ArrayList<>();

	private static @Nullable NodeAgent agent;

	private static @Nullable WorkerObjects objects;

	private static @Nullable WorkerObjects restrictedObjects;

	@Autowired
	private JobOperator jobOperator;

	@Autowired
	private JobRepository jobRepository;

	@Autowired
	private org.springframework.batch.core.job.Job testJob;

	@Autowired
	@Qualifier("mixedJob")
	private org.springframework.batch.core.job.Job mixedJob;

	@Autowired
	private Partita partita;

	@Autowired
	private Partitioner testPartitioner;

	@Autowired
	private PartitaProperties properties;

	@Autowired
	private ApplicationEventPublisher eventPublisher;

	@Autowired
	private KubernetesClient managerClient;

	@BeforeAll
	static void startNodeAgents(ControlPlane plane, TestNamespace plain,
			@RestrictedPodSecurity TestNamespace restricted) {
		controlPlane = plane;
		namespace = plain.name();
		restrictedNamespace = restricted.name();
		databaseUrl = PostgresSchema.create();
		KubernetesClient client = plane.client();
		EndToEndCluster.createDatabaseSecret(client, namespace, DATABASE_SECRET, databaseUrl);
		EndToEndCluster.createDatabaseSecret(client, restrictedNamespace, DATABASE_SECRET, databaseUrl);
		ImageCommands images = ImageCommands.none().withJavaMain(IMAGE, TestJobsApplication.class.getName());
		Path pods = plane.workDirectory().resolve("pods");
		agent = new NodeAgent(client, images, pods).namespace(namespace)
			.environment(EndToEndCluster.WORKER_JVM)
			.start();
		cluster.add(agent);
		cluster.add(new NodeAgent(client, images, pods).nodeName("partita-node-restricted")
			.namespace(restrictedNamespace)
			.environment(EndToEndCluster.WORKER_JVM)
			.start());
		objects = new WorkerObjects(client, namespace);
		cluster.add(objects);
		restrictedObjects = new WorkerObjects(client, restrictedNamespace);
		cluster.add(restrictedObjects);
	}

	@AfterAll
	static void stopNodeAgents() throws Exception {
		for (AutoCloseable closeable : cluster) {
			closeable.close();
		}
		cluster.clear();
	}

	@DynamicPropertySource
	static void jobRepositoryAndNamespace(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> databaseUrl);
		registry.add("spring.datasource.username", () -> PostgresSchema.USER);
		registry.add("spring.datasource.password", () -> PostgresSchema.PASSWORD);
		registry.add("partita.kubernetes.namespace", () -> namespace);
	}

	@Test
	void partitionsCompleteAsLabelledJobsThatAreDeletedWithTheirPods() throws Exception {
		JobExecution execution = run(this.testJob, parameters("complete").addString("partitions", "2"));

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		long id = execution.getId();
		List<StepExecution> partitions = partitions(execution);
		assertThat(partitions).hasSize(2)
			.allSatisfy((partition) -> assertThat(partition.getStatus()).isEqualTo(BatchStatus.COMPLETED));
		assertThat(objects().jobsSeen(id)).extracting((job) -> job.getMetadata().getName())
			.containsExactlyInAnyOrderElementsOf(
					partitions.stream().map((partition) -> JOB_PREFIX + id + "-" + partition.getId()).toList());
		for (StepExecution partition : partitions) {
			Job job = seenJob(objects(), id, JOB_PREFIX + id + "-" + partition.getId());
			assertWorkerMetadata(job.getMetadata(), id, partition.getId(), TestJobsApplication.JOB,
					TestJobsApplication.WORKER_STEP);
			assertWorkerMetadata(job.getSpec().getTemplate().getMetadata(), id, partition.getId(),
					TestJobsApplication.JOB, TestJobsApplication.WORKER_STEP);
			assertSecretsPassedByReference(job.getSpec().getTemplate().getSpec().getContainers().get(0));
			Pod pod = seenPod(objects(), id, partition.getId());
			assertWorkerMetadata(pod.getMetadata(), id, partition.getId(), TestJobsApplication.JOB,
					TestJobsApplication.WORKER_STEP);
			assertThat(pod.getStatus().getPhase()).isEqualTo("Succeeded");
			assertThat(AttemptHistory.of(partition)).singleElement().satisfies((attempt) -> {
				assertThat(attempt.worker()).isEqualTo(job.getMetadata().getName());
				assertThat(attempt.pod()).isEqualTo(pod.getMetadata().getName());
				assertThat(attempt.node()).isEqualTo(agent.nodeName());
				assertThat(attempt.status()).isEqualTo("COMPLETED");
			});
		}
		await().atMost(TIMEOUT).untilAsserted(() -> {
			assertThat(objects().jobsNow(id)).isEmpty();
			assertThat(objects().podsNow(id)).isEmpty();
		});
	}

	@Test
	void failedPartitionFailsTheManagerStepWithThePodsExitCodeAndItsJobIsKept() throws Exception {
		JobExecution execution = run(this.testJob,
				parameters("fail").addString("partitions", "2").addString("fail", "1"));

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
		long id = execution.getId();
		StepExecution failed = partition(execution, "testStep:partition1");
		String failedJob = JOB_PREFIX + id + "-" + failed.getId();
		assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(failed.getExitStatus().getExitDescription()).startsWith("Worker " + failedJob + " ")
			.contains("exit code 1 (step failed) in pod " + failedJob + "-")
			.contains("java.lang.IllegalStateException: Partition 1 failed on purpose");
		assertThat(managerStep(execution).getExitStatus().getExitDescription())
			.startsWith("io.partita.partition.PartitionsFailedException: 1 of 2 partitions failed:")
			.contains("testStep:partition1 (step execution " + failed.getId() + "): Worker " + failedJob);
		Job kept = client().batch().v1().jobs().inNamespace(namespace()).withName(failedJob).get();
		assertThat(kept).as("Job of the failed partition").isNotNull();
		assertThat(kept.getStatus().getConditions()).extracting(JobCondition::getType).contains("Failed");
		String completedJob = JOB_PREFIX + id + "-" + partition(execution, "testStep:partition0").getId();
		await().atMost(TIMEOUT)
			.until(() -> client().batch().v1().jobs().inNamespace(namespace()).withName(completedJob).get() == null);
		assertThat(client().batch().v1().jobs().inNamespace(namespace()).withName(failedJob).get()).isNotNull();
	}

	@Test
	void oomKilledWorkerFailsItsPartitionWithTheReason() throws Exception {
		CompletableFuture<JobExecution> running = start(this.testJob,
				parameters("oomKilled").addString("partitions", "1").addString("sleep", "0"));
		long id = await().atMost(TIMEOUT).until(() -> runningExecutionId(running), Objects::nonNull);
		await().atMost(TIMEOUT)
			.until(() -> partitions(this.jobRepository.getJobExecution(id)).stream()
				.anyMatch((partition) -> partition.getStatus() == BatchStatus.STARTED));
		Pod pod = await().atMost(TIMEOUT)
			.until(() -> objects().podsNow(id)
				.stream()
				.filter((candidate) -> "Running".equals(candidate.getStatus().getPhase()))
				.findFirst()
				.orElse(null), Objects::nonNull);

		agent().failAsOomKilled(namespace(), pod.getMetadata().getName());
		JobExecution execution = running.get();

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
		StepExecution partition = partition(execution, "testStep:partition0");
		assertThat(partition.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(partition.getExitStatus().getExitDescription())
			.startsWith("Worker " + JOB_PREFIX + id + "-" + partition.getId()
					+ ": worker ended without recording the step; ")
			.contains("OOMKilled, exit code 137 (killed by SIGKILL) in pod " + pod.getMetadata().getName());
	}

	@Test
	void workerWhoseImageCannotBePulledFailsAtTheStartupTimeoutNamingThePullErrorAndItsJobIsDeleted() throws Exception {
		KubernetesWorkerLauncher launcher = launcher(this.managerClient, namespace(),
				(settings) -> settings.setImage("registry.invalid/partita/missing:1"));
		try {
			WorkerPartitionHandler handler = handler(launcher);
			handler.setStartupTimeout(Duration.ofSeconds(5));

			JobExecution execution = run(jobWith("imagePullJob", handler, TestJobsApplication.WORKER_STEP),
					parameters("imagePull").addString("partitions", "1"));

			assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
			StepExecution partition = partition(execution, "testStep:partition0");
			assertThat(partition.getStatus()).isEqualTo(BatchStatus.FAILED);
			assertThat(partition.getExitStatus().getExitDescription())
				.contains("did not start its step within the start-up timeout of PT5S")
				.containsPattern("(ImagePullBackOff|ErrImagePull) \\(.*registry.invalid/partita/missing:1");
			String jobName = "imagepulljob-" + execution.getId() + "-" + partition.getId();
			assertThat(seenJob(objects(), execution.getId(), jobName).getSpec()
				.getTemplate()
				.getSpec()
				.getContainers()
				.get(0)
				.getImage()).isEqualTo("registry.invalid/partita/missing:1");
			await().atMost(TIMEOUT).untilAsserted(() -> {
				assertThat(objects().jobsNow(execution.getId())).isEmpty();
				assertThat(objects().podsNow(execution.getId())).isEmpty();
			});
		}
		finally {
			launcher.destroy();
		}
	}

	@Test
	void keptJobIsDeletedByTheTtlAfterFinishedController() throws Exception {
		KubernetesWorkerLauncher launcher = launcher(this.managerClient, namespace(), (settings) -> {
			settings.setCleanupPolicy(CleanupPolicy.NEVER);
			settings.setTtlAfterFinished(Duration.ofSeconds(1));
		});
		try {
			JobExecution execution = run(jobWith("ttlJob", handler(launcher), TestJobsApplication.WORKER_STEP),
					parameters("ttl").addString("partitions", "1"));

			assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
			long id = execution.getId();
			String jobName = "ttljob-" + id + "-" + partitions(execution).get(0).getId();
			await().atMost(TIMEOUT).untilAsserted(() -> {
				assertThat(objects().jobsNow(id)).isEmpty();
				assertThat(objects().podsNow(id)).isEmpty();
			});
			Job last = seenJob(objects(), id, jobName);
			assertThat(last.getSpec().getTtlSecondsAfterFinished()).isEqualTo(1);
			assertThat(last.getStatus().getConditions()).extracting(JobCondition::getType).contains("Complete");
		}
		finally {
			launcher.destroy();
		}
	}

	@Test
	void hostileJobAndStepNamesAreAcceptedByTheApiServer() throws Exception {
		String jobName = "Ledger_Import.Nightly_" + "Accounts_Receivable.".repeat(3);
		String step = HostileNamedStepConfiguration.STEP;

		JobExecution execution = run(jobWith(jobName, this.partita.partitionHandler(step), step),
				parameters("hostile").addString("partitions", "1"));

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		long id = execution.getId();
		StepExecution partition = partitions(execution, step).get(0);
		assertThat(partition.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		String expectedName = KubernetesNames.jobName(jobName, id, partition.getId(), 1);
		assertThat(expectedName).hasSizeLessThanOrEqualTo(KubernetesNames.MAX_LENGTH)
			.startsWith("ledger-import-nightly-accounts-receivable-")
			.endsWith("-" + id + "-" + partition.getId());
		Job job = seenJob(objects(), id, expectedName);
		assertWorkerMetadata(job.getMetadata(), id, partition.getId(), jobName, step);
		assertWorkerMetadata(seenPod(objects(), id, partition.getId()).getMetadata(), id, partition.getId(), jobName,
				step);
	}

	@Test
	void managerBoundToTheShippedRoleRunsAndCleansUpItsWorkers() throws Exception {
		Manifests manifests = new Manifests(client());
		ServiceAccount account = manifests.create(manifests.read("service-account.yaml", ServiceAccount.class));
		manifests.create(manifests.read("role.yaml", Role.class));
		manifests.create(manifests.read("role-binding.yaml", RoleBinding.class));

		try (KubernetesClient serviceAccount = controlPlane().impersonating(namespace(),
				account.getMetadata().getName());
				KubernetesClient manager = EndToEndCluster.withoutClientRetries(serviceAccount)) {
			KubernetesWorkerLauncher launcher = launcher(manager, namespace(), (settings) -> {
			});
			try {
				JobExecution execution = run(jobWith("rbacJob", handler(launcher), TestJobsApplication.WORKER_STEP),
						parameters("rbac").addString("partitions", "1"));

				assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
				assertThat(objects().jobsSeen(execution.getId())).hasSize(1);
				await().atMost(TIMEOUT).until(() -> objects().jobsNow(execution.getId()), List::isEmpty);
			}
			finally {
				launcher.destroy();
			}
		}
	}

	@Test
	void managerWithoutCreateOnJobsFailsThePartitionNamingTheMissingPermission() throws Exception {
		Manifests manifests = new Manifests(client());
		Role shipped = manifests.read("role.yaml", Role.class);
		List<PolicyRule> rules = shipped.getRules().stream().map((rule) -> {
			List<String> verbs = rule.getVerbs().stream().filter((verb) -> !"create".equals(verb)).toList();
			return new io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder(rule).withVerbs(verbs).build();
		}).toList();
		String name = "partita-manager-without-create";
		manifests.create(new RoleBuilder(shipped).editMetadata().withName(name).endMetadata().withRules(rules).build());
		manifests.create(new RoleBindingBuilder().withNewMetadata()
			.withName(name)
			.endMetadata()
			.withNewRoleRef("rbac.authorization.k8s.io", "Role", name)
			.withSubjects(
					new SubjectBuilder().withKind("ServiceAccount").withName(name).withNamespace(namespace()).build())
			.build());

		try (KubernetesClient serviceAccount = controlPlane().impersonating(namespace(), name);
				KubernetesClient manager = EndToEndCluster.withoutClientRetries(serviceAccount)) {
			KubernetesWorkerLauncher launcher = launcher(manager, namespace(), (settings) -> {
			});
			try {
				JobExecution execution = run(
						jobWith("forbiddenJob", handler(launcher), TestJobsApplication.WORKER_STEP),
						parameters("forbidden").addString("partitions", "1"));

				assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
				StepExecution partition = partitions(execution).get(0);
				assertThat(partition.getStatus()).isEqualTo(BatchStatus.FAILED);
				assertThat(partition.getExitStatus().getExitDescription())
					.contains("launch failed: the manager's service account may not create jobs.batch in namespace "
							+ namespace() + ": grant verb 'create' on 'jobs' (apiGroup batch) in a Role bound to it");
				assertThat(objects().jobsNow(execution.getId())).isEmpty();
			}
			finally {
				launcher.destroy();
			}
		}
	}

	@Test
	void workerPodsMeetTheRestrictedPodSecurityStandard() throws Exception {
		KubernetesWorkerLauncher launcher = launcher(this.managerClient, restrictedNamespace(), (settings) -> {
		});
		KubernetesWorkerLauncher unrestricted = launcher(this.managerClient, restrictedNamespace(),
				(settings) -> settings.setRestrictedSecurityContext(false));
		try {
			JobExecution execution = run(jobWith("restrictedJob", handler(launcher), TestJobsApplication.WORKER_STEP),
					parameters("restricted").addString("partitions", "1"));

			assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
			StepExecution partition = partitions(execution).get(0);
			Pod pod = seenPod(restrictedObjects(), execution.getId(), partition.getId());
			assertThat(pod.getStatus().getPhase()).isEqualTo("Succeeded");
			assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();

			// the namespace does enforce the standard: without Partita's security
			// context the Job controller's pod is rejected
			WorkerPartitionHandler handler = handler(unrestricted);
			handler.setStartupTimeout(Duration.ofSeconds(5));
			JobExecution rejected = run(jobWith("unrestrictedJob", handler, TestJobsApplication.WORKER_STEP),
					parameters("unrestricted").addString("partitions", "1"));

			assertThat(rejected.getStatus()).isEqualTo(BatchStatus.FAILED);
			String jobName = "unrestrictedjob-" + rejected.getId() + "-" + partitions(rejected).get(0).getId();
			assertThat(restrictedObjects().podsSeen(rejected.getId())).isEmpty();
			Event failedCreate = await().atMost(TIMEOUT)
				.until(() -> client().v1()
					.events()
					.inNamespace(restrictedNamespace())
					.list()
					.getItems()
					.stream()
					.filter((event) -> jobName.equals(event.getInvolvedObject().getName()))
					.filter((event) -> "FailedCreate".equals(event.getReason()))
					.findFirst()
					.orElse(null), Objects::nonNull);
			assertThat(failedCreate.getMessage()).contains("violates PodSecurity \"restricted:latest\"");
		}
		finally {
			launcher.destroy();
			unrestricted.destroy();
		}
	}

	private KubernetesWorkerLauncher launcher(KubernetesClient client, String namespace,
			Consumer<KubernetesWorkerSettings> customizer) {
		return new KubernetesWorkerLauncher(client, namespace, (step) -> {
			KubernetesWorkerSettings settings = this.properties.kubernetesFor(step);
			customizer.accept(settings);
			return settings;
		}, APPLICATION);
	}

	private WorkerPartitionHandler handler(KubernetesWorkerLauncher launcher) {
		WorkerPartitionHandler handler = new WorkerPartitionHandler(launcher, this.jobRepository,
				TestJobsApplication.WORKER_STEP);
		handler.setMaxWorkers(2);
		handler.setEventPublisher(this.eventPublisher);
		return handler;
	}

	@Test
	void failedRemoteStepFailsTheJobWithTheReasonFromItsPodAndRestartRerunsOnlyIt() throws Exception {
		JobExecution failed = run(this.mixedJob,
				parameters("remote").addString("partitions", "1").addString("failRemote", "true"));

		assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(JobRuns.step(this.jobRepository, failed, "remoteWorkStep").getExitStatus().getExitDescription())
			.contains("remoteWorkStep:remote")
			.contains("exit code 1 (step failed)")
			.contains("java.lang.IllegalStateException: The remote step failed on purpose");

		JobExecution restarted = this.jobRepository.getJobExecution(this.jobOperator.restart(failed).getId());

		assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(restarted.getStepExecutions()).extracting(StepExecution::getStepName)
			.contains("remoteWorkStep", "remoteWorkStep:remote", "managerStep")
			.doesNotContain("localStep");
		assertThat(JobRuns.step(this.jobRepository, restarted, "remoteWorkStep").getWriteCount()).isEqualTo(3);
	}

	private org.springframework.batch.core.job.Job jobWith(String name, WorkerPartitionHandler handler,
			String workerStep) {
		return new JobBuilder(name, this.jobRepository)
			.start(new StepBuilder("Manager_Step." + name, this.jobRepository)
				.partitioner(workerStep, this.testPartitioner)
				.partitionHandler(handler)
				.build())
			.build();
	}

	private JobParametersBuilder parameters(String test) {
		return new JobParametersBuilder().addString("test", test + "-" + System.nanoTime());
	}

	private JobExecution run(org.springframework.batch.core.job.Job job, JobParametersBuilder parameters)
			throws Exception {
		return start(job, parameters).get();
	}

	private CompletableFuture<JobExecution> start(org.springframework.batch.core.job.Job job,
			JobParametersBuilder parameters) {
		return JobRuns.start(this.jobOperator, this.jobRepository, job, parameters.toJobParameters(), TIMEOUT);
	}

	private @Nullable Long runningExecutionId(CompletableFuture<JobExecution> running) {
		assertThat(running).isNotDone();
		return this.jobRepository.findRunningJobExecutions(TestJobsApplication.JOB)
			.stream()
			.map(JobExecution::getId)
			.max(Long::compare)
			.orElse(null);
	}

	private List<StepExecution> partitions(JobExecution execution) {
		return partitions(execution, TestJobsApplication.WORKER_STEP);
	}

	private List<StepExecution> partitions(JobExecution execution, String workerStep) {
		return JobRuns.steps(this.jobRepository, execution, workerStep + ":");
	}

	private StepExecution partition(JobExecution execution, String name) {
		return JobRuns.step(this.jobRepository, execution, name);
	}

	private StepExecution managerStep(JobExecution execution) {
		return JobRuns.step(this.jobRepository, execution, "managerStep");
	}

	private static Job seenJob(WorkerObjects objects, long jobExecutionId, String name) {
		return objects.jobsSeen(jobExecutionId)
			.stream()
			.filter((job) -> job.getMetadata().getName().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No Job " + name + " seen; seen: "
					+ objects.jobsSeen(jobExecutionId).stream().map((job) -> job.getMetadata().getName()).toList()));
	}

	private static Pod seenPod(WorkerObjects objects, long jobExecutionId, long stepExecutionId) {
		List<Pod> pods = objects.podsSeen(jobExecutionId)
			.stream()
			.filter((pod) -> Long.toString(stepExecutionId)
				.equals(pod.getMetadata().getLabels().get(WorkerLabels.STEP_EXECUTION_ID)))
			.toList();
		assertThat(pods).as("pods of step execution " + stepExecutionId).hasSize(1);
		return pods.get(0);
	}

	private static void assertWorkerMetadata(ObjectMeta metadata, long jobExecutionId, long stepExecutionId,
			String jobName, String stepName) {
		assertThat(metadata.getLabels()).containsEntry(WorkerLabels.MANAGED_BY, WorkerLabels.MANAGED_BY_VALUE)
			.containsEntry(WorkerLabels.NAME, APPLICATION)
			.containsEntry(WorkerLabels.JOB_EXECUTION_ID, Long.toString(jobExecutionId))
			.containsEntry(WorkerLabels.STEP_EXECUTION_ID, Long.toString(stepExecutionId))
			.containsEntry(WorkerLabels.STEP, KubernetesNames.labelValue(stepName))
			.containsEntry(WorkerLabels.ATTEMPT, "1");
		assertThat(metadata.getAnnotations()).containsEntry(WorkerLabels.JOB_NAME_ANNOTATION, jobName)
			.containsEntry(WorkerLabels.STEP_NAME_ANNOTATION, stepName);
	}

	private static void assertSecretsPassedByReference(Container container) {
		for (String variable : List.of("SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME",
				"SPRING_DATASOURCE_PASSWORD")) {
			EnvVar env = container.getEnv()
				.stream()
				.filter((candidate) -> candidate.getName().equals(variable))
				.findFirst()
				.orElseThrow(() -> new AssertionError("No " + variable + " in " + container.getEnv()));
			assertThat(env.getValue()).as(variable).isNull();
			assertThat(env.getValueFrom().getSecretKeyRef().getName()).as(variable).isEqualTo(DATABASE_SECRET);
		}
		assertThat(container.getEnv()).extracting(EnvVar::getValue)
			.noneMatch((value) -> value != null && value.contains(Objects.requireNonNull(databaseUrl)));
	}

	private static ControlPlane controlPlane() {
		return EndToEndCluster.started(controlPlane);
	}

	private static KubernetesClient client() {
		return controlPlane().client();
	}

	private static String namespace() {
		return EndToEndCluster.started(namespace);
	}

	private static String restrictedNamespace() {
		return EndToEndCluster.started(restrictedNamespace);
	}

	private static NodeAgent agent() {
		return EndToEndCluster.started(agent);
	}

	private static WorkerObjects objects() {
		return EndToEndCluster.started(objects);
	}

	private static WorkerObjects restrictedObjects() {
		return EndToEndCluster.started(restrictedObjects);
	}

	/**
	 * A new client with the given one's configuration, without fabric8's retries of 5xx
	 * responses (ten by default, over about 100 s).
	 */

	/**
	 * Reads the manifests in {@code config/} and creates them in the test namespace.
	 */
	private static final class Manifests {

		private final KubernetesClient client;

		Manifests(KubernetesClient client) {
			this.client = client;
		}

		<T extends io.fabric8.kubernetes.api.model.HasMetadata> T read(String file, Class<T> type) throws IOException {
			return this.client.getKubernetesSerialization()
				.unmarshal(Files.readString(Path.of("config").resolve(file)), type);
		}

		<T extends io.fabric8.kubernetes.api.model.HasMetadata> T create(T object) {
			return this.client.resource(object).inNamespace(namespace()).create();
		}

	}

	/**
	 * The manager's Kubernetes client: the control plane's admin credentials, with
	 * fabric8's own retries switched off as in Spring Cloud Kubernetes' client, so that
	 * retries are Partita's.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class ControlPlaneClient {

		@Bean
		@Primary
		KubernetesClient controlPlaneKubernetesClient() {
			return EndToEndCluster.withoutClientRetries(client());
		}

	}

}
