package io.partita.launch.kubernetes;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.partita.launch.LiveWorker;
import io.partita.launch.Worker;
import io.partita.launch.WorkerExit;
import io.partita.launch.WorkerRequest;
import io.partita.launch.WorkerRound;
import io.partita.launch.kubernetes.FakeJobController.PodOutcome;
import io.partita.worker.WorkerContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.core.retry.RetryPolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link KubernetesWorkerLauncher} against the CRUD mock server, with
 * {@link FakeJobController} playing the Job controller and the kubelet.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesWorkerLauncherTests {

	private static final AtomicLong ids = new AtomicLong(100);

	KubernetesMockServer server;

	KubernetesClient client;

	private KubernetesClient launcherClient;

	private FakeJobController controller;

	private KubernetesWorkerLauncher launcher;

	private final KubernetesWorkerSettings settings = new KubernetesWorkerSettings();

	@BeforeEach
	void setUp() {
		this.settings.setImage("registry.example/partita:1");
		// fabric8's own retries off, as in Spring Cloud Kubernetes: the retries tested
		// here are Partita's
		this.launcherClient = new KubernetesClientBuilder()
			.withConfig(new ConfigBuilder(this.client.getConfiguration()).withRequestRetryBackoffLimit(0).build())
			.build();
		this.controller = new FakeJobController(this.client);
		this.launcher = launcher(new Fabric8WorkerJobClient(this.launcherClient, "test", () -> null));
	}

	private KubernetesWorkerLauncher launcher(WorkerJobClient jobClient) {
		KubernetesWorkerLauncher launcher = new KubernetesWorkerLauncher(jobClient, (step) -> this.settings,
				"ledger-app");
		launcher.setWatchLinger(Duration.ofMillis(100));
		launcher.setRetryPolicy(RetryPolicy.builder()
			.predicate(KubernetesApiFailures::isRetryable)
			.maxRetries(3)
			.delay(Duration.ofMillis(10))
			.build());
		return launcher;
	}

	@AfterEach
	void tearDown() throws Exception {
		this.launcher.destroy();
		this.controller.close();
		this.launcherClient.close();
	}

	@Test
	void successfulWorkerEndsWithExitCodeZeroAndItsJobIsDeleted() {
		Worker worker = this.launcher.launch(request(ids.incrementAndGet()));
		WorkerExit exit = exitOf(worker);
		assertThat(exit.isSuccess()).isTrue();
		assertThat(exit.reason()).isEqualTo("exit code 0 (step completed)");
		assertThat(worker.name()).startsWith("ledger-import-7-");
		await().atMost(Duration.ofSeconds(5)).until(() -> job(worker) == null);
	}

	@Test
	void failedWorkerReportsExitCodeAndKeepsItsJobByDefault() {
		long id = ids.incrementAndGet();
		this.controller.plan(id, PodOutcome.exit(1));
		this.settings.setLogTailLines(2);
		this.server.expect()
			.get()
			.withPath("/api/v1/namespaces/test/pods/ledger-import-7-" + id + "-p0/log?pretty=false&container=worker"
					+ "&tailLines=8")
			.andReturn(200, "Starting worker\njava.lang.IllegalStateException: boom\n\tat x.Y.z(Y.java:1)\nexit 1\n")
			.always();
		Worker worker = this.launcher.launch(request(id));
		WorkerExit exit = exitOf(worker);
		assertThat(exit.exitCode()).isEqualTo(1);
		assertThat(exit.reason()).contains("exit code 1 (step failed)", "BackoffLimitExceeded");
		assertThat(exit.logTail()).containsExactly("java.lang.IllegalStateException: boom", "exit 1");
		assertThat(job(worker)).isNotNull();
	}

	@Test
	void unreadableLogOfFailedPodIsReportedInTheLogTail() {
		long id = ids.incrementAndGet();
		this.controller.plan(id, PodOutcome.exit(1));
		this.server.expect()
			.get()
			.withPath("/api/v1/namespaces/test/pods/ledger-import-7-" + id + "-p0/log?pretty=false&container=worker"
					+ "&tailLines=80")
			.andReturn(403, "forbidden")
			.always();
		WorkerExit exit = exitOf(this.launcher.launch(request(id)));
		assertThat(exit.logTail()).singleElement()
			.asString()
			.contains("could not be read", "grant verb 'get' on 'pods/log'");
	}

	@Test
	void alwaysCleanupPolicyDeletesFailedJob() {
		this.settings.setCleanupPolicy(CleanupPolicy.ALWAYS);
		long id = ids.incrementAndGet();
		this.controller.plan(id, PodOutcome.exit(1));
		Worker worker = this.launcher.launch(request(id));
		assertThat(exitOf(worker).isSuccess()).isFalse();
		await().atMost(Duration.ofSeconds(5)).until(() -> job(worker) == null);
	}

	@Test
	void neverCleanupPolicyKeepsSucceededJob() {
		this.settings.setCleanupPolicy(CleanupPolicy.NEVER);
		Worker worker = this.launcher.launch(request(ids.incrementAndGet()));
		assertThat(exitOf(worker).isSuccess()).isTrue();
		assertThat(job(worker)).isNotNull();
	}

	@Test
	void oomKilledWorkerReportsOomKilled() {
		long id = ids.incrementAndGet();
		this.controller.plan(id, PodOutcome.oomKilled());
		WorkerExit exit = exitOf(this.launcher.launch(request(id)));
		assertThat(exit.exitCode()).isEqualTo(137);
		assertThat(exit.reason()).contains("OOMKilled", "exit code 137 (killed by SIGKILL)");
		assertThat(exit.disrupted()).isFalse();
	}

	@Test
	void evictedWorkerReportsEviction() {
		long id = ids.incrementAndGet();
		this.controller.plan(id, PodOutcome.evicted());
		WorkerExit exit = exitOf(this.launcher.launch(request(id)));
		assertThat(exit.reason()).contains("Evicted (The node was low on resource: memory.)");
		assertThat(exit.disrupted()).isTrue();
	}

	@Test
	void notRetryableExitCodeReportsPodFailurePolicy() {
		long id = ids.incrementAndGet();
		this.settings.setBackoffLimit(3);
		this.controller.plan(id, PodOutcome.exit(2));
		WorkerExit exit = exitOf(this.launcher.launch(request(id)));
		assertThat(exit.isRetryable()).isFalse();
		assertThat(exit.reason()).contains("exit code 2 (step failed, not retryable)", "PodFailurePolicy");
	}

	@Test
	void deadlineExceededWorkerReportsDeadline() {
		long id = ids.incrementAndGet();
		this.controller.plan(id, PodOutcome.deadlineExceeded());
		WorkerExit exit = exitOf(this.launcher.launch(request(id)));
		assertThat(exit.reason()).contains("DeadlineExceeded");
	}

	@Test
	void failedPodWhileRetriesRemainDoesNotEndWorker() {
		long id = ids.incrementAndGet();
		this.settings.setBackoffLimit(1);
		this.controller.plan(id, PodOutcome.exit(1), PodOutcome.running());
		Worker worker = this.launcher.launch(request(id));
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.client.pods().withName(worker.name() + "-p1").get() != null);
		await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !worker.exit().isDone());
		worker.stop();
		assertThat(exitOf(worker).reason()).startsWith("stopped");
	}

	@Test
	void failedPodFollowedBySuccessfulRetryEndsWithExitCodeZero() {
		long id = ids.incrementAndGet();
		this.settings.setBackoffLimit(1);
		this.controller.plan(id, PodOutcome.exit(1), PodOutcome.succeed());
		assertThat(exitOf(this.launcher.launch(request(id))).isSuccess()).isTrue();
	}

	@Test
	void stoppedWorkerInImagePullBackOffReportsWhyItWasWaiting() {
		long id = ids.incrementAndGet();
		this.controller.plan(id, PodOutcome.waiting("ImagePullBackOff", "Back-off pulling image \"nope:1\""));
		KubernetesWorker worker = (KubernetesWorker) this.launcher.launch(request(id));
		await().atMost(Duration.ofSeconds(5)).until(() -> worker.waitingReason() != null);
		worker.stop();
		WorkerExit exit = exitOf(worker);
		assertThat(exit.exitCode()).isNull();
		assertThat(exit.reason())
			.isEqualTo("stopped while pod was waiting: ImagePullBackOff (Back-off pulling image \"nope:1\")");
		await().atMost(Duration.ofSeconds(5)).until(() -> job(worker) == null);
	}

	@Test
	void stoppedUnschedulableWorkerReportsUnschedulable() {
		long id = ids.incrementAndGet();
		this.controller.plan(id, PodOutcome.unschedulable("0/3 nodes are available: 3 Insufficient memory."));
		KubernetesWorker worker = (KubernetesWorker) this.launcher.launch(request(id));
		await().atMost(Duration.ofSeconds(5)).until(() -> worker.waitingReason() != null);
		worker.stop();
		assertThat(exitOf(worker).reason()).isEqualTo(
				"stopped while pod was waiting: Unschedulable (0/3 nodes are available: 3 Insufficient memory.)");
	}

	@Test
	void jobDeletedBySomeoneElseEndsWorker() {
		long id = ids.incrementAndGet();
		this.controller.plan(id, PodOutcome.running());
		Worker worker = this.launcher.launch(request(id));
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.client.pods().withName(worker.name() + "-p0").get() != null);
		this.client.batch().v1().jobs().withName(worker.name()).delete();
		WorkerExit exit = exitOf(worker);
		assertThat(exit.isSuccess()).isFalse();
		assertThat(exit.reason()).contains("was deleted before it finished, not by this manager");
		assertThat(exit.disrupted()).isTrue();
	}

	@Test
	void deletesGoAheadOfTheCreatesWaitingForTheApiServer() throws Exception {
		long first = ids.incrementAndGet();
		long second = ids.incrementAndGet();
		long third = ids.incrementAndGet();
		this.controller.plan(first, PodOutcome.running());
		List<String> sent = new CopyOnWriteArrayList<>();
		CompletableFuture<Void> secondCreateSent = new CompletableFuture<>();
		CountDownLatch answerSecondCreate = new CountDownLatch(1);
		WorkerJobClient api = new Fabric8WorkerJobClient(this.launcherClient, "test", () -> null);
		WorkerJobClient recording = new ForwardingWorkerJobClient(api) {

			@Override
			public Job createJob(Job job) {
				String name = job.getMetadata().getName();
				sent.add("create " + name);
				if (name.endsWith("-" + second)) {
					secondCreateSent.complete(null);
					awaitRelease(answerSecondCreate);
				}
				return super.createJob(job);
			}

			@Override
			public boolean deleteJob(String name) {
				sent.add("delete " + name);
				return super.deleteJob(name);
			}

		};
		this.launcher.destroy();
		this.launcher = launcher(recording);
		this.launcher.setConcurrentRequests(1);
		Worker running = this.launcher.launch(request(first));
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.client.pods().withName(running.name() + "-p0").get() != null);
		Worker waiting = this.launcher.launch(request(second));
		secondCreateSent.get(5, TimeUnit.SECONDS);
		Worker queued = this.launcher.launch(request(third));

		running.stop();
		answerSecondCreate.countDown();

		assertThat(exitOf(queued).isSuccess()).isTrue();
		assertThat(exitOf(waiting).isSuccess()).isTrue();
		assertThat(exitOf(running).isSuccess()).isFalse();
		assertThat(sent).startsWith("create " + running.name(), "create " + waiting.name(), "delete " + running.name(),
				"create " + queued.name());
	}

	private static void awaitRelease(CountDownLatch latch) {
		try {
			if (!latch.await(10, TimeUnit.SECONDS)) {
				throw new IllegalStateException("not released");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void conflictAdoptsExistingJobOfSamePartition() {
		long id = ids.incrementAndGet();
		WorkerRequest request = request(id);
		Job existing = new WorkerJobFactory()
			.create(WorkerJobParameters.of(request, this.settings, "x:1", "ledger-app"));
		this.client.batch().v1().jobs().resource(existing).create();
		Worker worker = this.launcher.launch(request);
		assertThat(exitOf(worker).isSuccess()).isTrue();
		assertThat(worker.name()).isEqualTo(existing.getMetadata().getName());
		assertThat(this.client.batch()
			.v1()
			.jobs()
			.withLabel(WorkerLabels.STEP_EXECUTION_ID, Long.toString(id))
			.list()
			.getItems()).hasSizeLessThanOrEqualTo(1);
		assertThat(this.server.getRequestCount()).isPositive();
	}

	@Test
	void restartedManagerFindsTheUnfinishedJobsOfAJobExecutionByLabelAndFollowsThem() throws Exception {
		this.settings.setCleanupPolicy(CleanupPolicy.NEVER);
		long running = ids.incrementAndGet();
		long finished = ids.incrementAndGet();
		this.controller.plan(running, PodOutcome.running());
		WorkerRequest runningRequest = requestOfJobExecution(8, running);
		Worker launched = this.launcher.launch(runningRequest);
		assertThat(exitOf(this.launcher.launch(requestOfJobExecution(8, finished))).isSuccess()).isTrue();
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.client.pods().withName(launched.name() + "-p0").get() != null);
		this.launcher.destroy();
		this.launcher = launcher(new Fabric8WorkerJobClient(this.launcherClient, "test", () -> null));

		List<LiveWorker> live = this.launcher.findLiveWorkers(8);

		assertThat(live).singleElement().satisfies((worker) -> {
			assertThat(worker.stepExecutionId()).isEqualTo(running);
			assertThat(worker.attempt()).isOne();
			assertThat(worker.worker().name()).isEqualTo(launched.name());
		});
		assertThat(this.launcher.findLiveWorkers(9)).isEmpty();
		this.client.batch().v1().jobs().withName(launched.name()).delete();
		assertThat(exitOf(live.get(0).worker()).reason()).contains("was deleted before it finished");
	}

	@Test
	void restartedManagerFollowsTheIndexesOfAnUnfinishedIndexedJobThatHaveNotEnded() {
		long first = ids.incrementAndGet();
		List<WorkerRequest> requests = List.of(requestOfJobExecution(11, first), requestOfJobExecution(11, first + 1),
				requestOfJobExecution(11, first + 2));
		ids.addAndGet(2);
		String name = KubernetesNames.roundJobName("Ledger_Import", 11, 5, 1);
		Job job = new WorkerJobFactory()
			.create(new WorkerJobParameters(name, requests.get(0), this.settings, "registry.example/partita:1",
					"ledger-app", new WorkerIndexes(5, 1, 2, List.of(first, first + 1, first + 2))));
		this.client.batch().v1().jobs().resource(job).create();
		this.client.batch()
			.v1()
			.jobs()
			.withName(name)
			.editStatus((current) -> new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder(current).withNewStatus()
				.withCompletedIndexes("0")
				.endStatus()
				.build());

		List<LiveWorker> live = this.launcher.findLiveWorkers(11);

		assertThat(live).extracting(LiveWorker::stepExecutionId).containsExactly(first + 1, first + 2);
		assertThat(live).extracting((worker) -> worker.worker().name()).containsExactly(name + "/1", name + "/2");
		this.client.batch().v1().jobs().withName(name).delete();
		assertThat(exitOf(live.get(1).worker()).reason()).contains("was deleted before it finished");
	}

	@Test
	void conflictWithForeignJobFailsLaunch() {
		long id = ids.incrementAndGet();
		WorkerRequest request = request(id);
		String name = KubernetesNames.jobName(request.jobName(), 7, id, 1);
		this.client.batch()
			.v1()
			.jobs()
			.resource(new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder().withNewMetadata()
				.withName(name)
				.addToLabels(WorkerLabels.STEP_EXECUTION_ID, "1")
				.endMetadata()
				.build())
			.create();
		WorkerExit exit = exitOf(this.launcher.launch(request));
		assertThat(exit.reason()).startsWith("launch failed: a Job named " + name + " already exists")
			.contains("does not belong to step execution " + id);
	}

	@Test
	void serverErrorOnCreateIsRetried() {
		this.server.expect().post().withPath("/apis/batch/v1/namespaces/test/jobs").andReturn(500, "boom").once();
		WorkerExit exit = exitOf(this.launcher.launch(request(ids.incrementAndGet())));
		assertThat(exit.isSuccess()).isTrue();
	}

	@Test
	void tooManyRequestsOnCreateIsRetried() {
		this.server.expect()
			.post()
			.withPath("/apis/batch/v1/namespaces/test/jobs")
			.andReturn(429, "slow down")
			.times(2);
		WorkerExit exit = exitOf(this.launcher.launch(request(ids.incrementAndGet())));
		assertThat(exit.isSuccess()).isTrue();
	}

	@Test
	void forbiddenCreateFailsAtOnceNamingTheMissingPermission() {
		this.server.expect()
			.post()
			.withPath("/apis/batch/v1/namespaces/test/jobs")
			.andReturn(403, "forbidden")
			.always();
		WorkerExit exit = exitOf(this.launcher.launch(request(ids.incrementAndGet())));
		assertThat(exit.exitCode()).isNull();
		assertThat(exit.reason()).isEqualTo("launch failed: the manager's service account may not create jobs.batch "
				+ "in namespace test: grant verb 'create' on 'jobs' (apiGroup batch) in a Role bound to it");
	}

	@Test
	void missingImageOutsideClusterFailsNamingTheProperty() {
		this.settings.setImage(null);
		WorkerExit exit = exitOf(this.launcher.launch(request(ids.incrementAndGet())));
		assertThat(exit.reason()).contains("partita.kubernetes.image");
	}

	@Test
	void workersRunTheManagerPodsImageByDefault() throws Exception {
		this.settings.setImage(null);
		this.client.pods()
			.resource(new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata()
				.withName("manager-0")
				.endMetadata()
				.withNewSpec()
				.addNewContainer()
				.withName("manager")
				.withImage("registry.example/ledger:2.0")
				.endContainer()
				.endSpec()
				.build())
			.create();
		this.launcher.destroy();
		this.launcher = launcher(new Fabric8WorkerJobClient(this.launcherClient, "test", () -> "manager-0"));
		this.settings.setCleanupPolicy(CleanupPolicy.NEVER);
		Worker worker = this.launcher.launch(request(ids.incrementAndGet()));
		assertThat(exitOf(worker).isSuccess()).isTrue();
		assertThat(job(worker).getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
			.isEqualTo("registry.example/ledger:2.0");
	}

	@Test
	void informersOfAJobExecutionCloseWhenItsLastWorkerEnds() {
		Worker first = this.launcher.launch(request(ids.incrementAndGet()));
		Worker second = this.launcher.launch(request(ids.incrementAndGet()));
		assertThat(exitOf(first).isSuccess()).isTrue();
		assertThat(exitOf(second).isSuccess()).isTrue();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.launcher.watchedJobExecutions() == 0);
	}

	@Test
	void informersOfAJobExecutionStayOpenForItsNextWorkerWithinTheLinger() {
		this.launcher.setWatchLinger(Duration.ofMinutes(1));
		Worker first = this.launcher.launch(request(ids.incrementAndGet()));
		assertThat(exitOf(first).isSuccess()).isTrue();
		assertThat(this.launcher.watchedJobExecutions()).isEqualTo(1);

		Worker next = this.launcher.launch(request(ids.incrementAndGet()));

		assertThat(exitOf(next).isSuccess()).isTrue();
		assertThat(this.launcher.watchedJobExecutions()).isEqualTo(1);
	}

	@Test
	void indexedModeOnAClusterOlderThanKubernetes133FailsEveryPartitionNamingTheVersionAndTheFix() {
		this.settings.setMode(KubernetesMode.INDEXED);
		this.server.setVersionInfo(
				new VersionInfo.Builder().withMajor("1").withMinor("30+").withGitVersion("v1.30.2").build());
		List<Worker> workers = this.launcher.launchRound(new WorkerRound("Ledger_Import", 5, 1, 2,
				List.of(request(ids.incrementAndGet()), request(ids.incrementAndGet()))));

		assertThat(this.launcher.launchesRounds("workerStep")).isTrue();
		assertThat(workers).hasSize(2).allSatisfy((worker) -> {
			WorkerExit exit = exitOf(worker);
			assertThat(exit.reason()).isEqualTo("launch failed: partita.kubernetes.mode=indexed needs Kubernetes 1.33 "
					+ "or later (Indexed Jobs with backoffLimitPerIndex, maxFailedIndexes and the FailIndex pod failure "
					+ "action), but the API server is v1.30.2; set partita.kubernetes.mode=job (or "
					+ "partita.steps.<step>.kubernetes.mode=job) or upgrade the cluster");
			assertThat(exit.isRetryable()).isFalse();
		});
		assertThat(this.client.batch().v1().jobs().inNamespace("test").list().getItems()).isEmpty();
	}

	private Job job(Worker worker) {
		return this.client.batch().v1().jobs().withName(worker.name()).get();
	}

	private static WorkerExit exitOf(Worker worker) {
		try {
			return worker.exit().get(60, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new AssertionError("worker " + worker.name() + " did not end", ex);
		}
	}

	private static WorkerRequest request(long stepExecutionId) {
		return requestOfJobExecution(7, stepExecutionId);
	}

	private static WorkerRequest requestOfJobExecution(long jobExecutionId, long stepExecutionId) {
		return new WorkerRequest("Ledger_Import", "workerStep:partition" + stepExecutionId,
				new WorkerContract(jobExecutionId, stepExecutionId, "workerStep", 1));
	}

}
