package io.partita.launch.kubernetes;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import io.partita.launch.Worker;
import io.partita.launch.WorkerExit;
import io.partita.launch.WorkerRequest;
import io.partita.launch.kubernetes.FakeJobController.PodOutcome;
import io.partita.worker.WorkerContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests that the {@link KubernetesWorkerLauncher} keeps following its workers when the
 * watches of its informers break: the server closes them, refuses new ones for a while,
 * or answers {@code 410 Gone} so that the informers list again. Runs against the CRUD
 * mock server behind a {@link WatchBreakingDispatcher} that breaks only the launcher's
 * watches, with {@link FakeJobController} playing the Job controller and the kubelet.
 */
class KubernetesWorkerWatchRecoveryTests {

	private static final AtomicLong ids = new AtomicLong(100);

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final KubernetesWorkerSettings settings = new KubernetesWorkerSettings();

	private WatchBreakingDispatcher dispatcher;

	private KubernetesMockServer server;

	private KubernetesClient client;

	private KubernetesClient launcherClient;

	private FakeJobController controller;

	private KubernetesWorkerLauncher launcher;

	@BeforeEach
	void setUp() {
		Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
		this.dispatcher = new WatchBreakingDispatcher(new KubernetesMixedDispatcher(responses));
		this.server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), responses,
				this.dispatcher, false);
		this.server.init();
		this.client = this.server.createClient();
		this.launcherClient = new KubernetesClientBuilder()
			.withConfig(new ConfigBuilder(this.client.getConfiguration()).withRequestRetryBackoffLimit(0).build())
			.build();
		this.controller = new FakeJobController(this.client);
		this.settings.setImage("registry.example/partita:1");
		this.settings.setLogTailLines(0);
		this.launcher = new KubernetesWorkerLauncher(
				new Fabric8WorkerJobClient(this.launcherClient, "test", () -> null), (step) -> this.settings,
				"ledger-app");
		this.launcher.setWatchLinger(Duration.ofMillis(100));
	}

	@AfterEach
	void tearDown() throws Exception {
		this.launcher.destroy();
		this.controller.close();
		this.launcherClient.close();
		this.client.close();
		this.server.destroy();
	}

	@Test
	void workerEndsWithItsExitCodeAfterTheServerClosedTheWatches() {
		Worker worker = launchRunningWorker();
		int jobWatches = this.dispatcher.opened("jobs");
		int podWatches = this.dispatcher.opened("pods");

		this.dispatcher.closeWatches();
		await().atMost(WAIT)
			.until(() -> this.dispatcher.opened("jobs") > jobWatches && this.dispatcher.opened("pods") > podWatches
					&& this.dispatcher.open("jobs") == 1 && this.dispatcher.open("pods") == 1);
		assertThat(worker.exit()).isNotDone();
		this.controller.endRunningPod(worker.name(), 1);

		WorkerExit exit = exitOf(worker);
		assertThat(exit.exitCode()).isEqualTo(1);
		assertThat(exit.reason()).contains("exit code 1 (step failed)", "BackoffLimitExceeded");
		await().atMost(WAIT).until(() -> this.launcher.watchedJobExecutions() == 0);
	}

	@Test
	void workerEndsWithItsExitCodeWhenTheFirstListsOfJobsAndPodsFailedWithServerErrors() {
		this.dispatcher.failNextLists("jobs", 2);
		this.dispatcher.failNextLists("pods", 1);

		Worker worker = launchRunningWorker();
		this.controller.endRunningPod(worker.name(), 0);

		assertThat(exitOf(worker).isSuccess()).isTrue();
		assertThat(this.dispatcher.failedLists("jobs")).isEqualTo(2);
		assertThat(this.dispatcher.failedLists("pods")).isEqualTo(1);
	}

	@Test
	void workerEndsWithItsExitCodeWhenItsJobCompletedWhileTheWatchesWereDown() {
		Worker worker = launchRunningWorker();
		int jobRefusals = this.dispatcher.refused("jobs");
		int podRefusals = this.dispatcher.refused("pods");

		this.dispatcher.refuseWatches(true);
		this.dispatcher.closeWatches();
		await().atMost(WAIT)
			.until(() -> this.dispatcher.open("jobs") == 0 && this.dispatcher.open("pods") == 0
					&& this.dispatcher.refused("jobs") > jobRefusals && this.dispatcher.refused("pods") > podRefusals);
		this.controller.endRunningPod(worker.name(), 0);
		assertThat(worker.exit()).isNotDone();
		this.dispatcher.refuseWatches(false);

		WorkerExit exit = exitOf(worker);
		assertThat(exit.isSuccess()).isTrue();
		assertThat(exit.reason()).isEqualTo("exit code 0 (step completed)");
		await().atMost(WAIT).until(() -> this.client.batch().v1().jobs().withName(worker.name()).get() == null);
	}

	@Test
	void workerEndsWithItsExitCodeAfterTheInformersRelistedOnGone() {
		Worker worker = launchRunningWorker();
		int jobLists = this.dispatcher.lists("jobs");
		int podLists = this.dispatcher.lists("pods");

		this.dispatcher.answerNextWatchesGone();
		this.dispatcher.closeWatches();
		await().atMost(WAIT)
			.until(() -> this.dispatcher.gone("jobs") == 1 && this.dispatcher.gone("pods") == 1
					&& this.dispatcher.lists("jobs") > jobLists && this.dispatcher.lists("pods") > podLists
					&& this.dispatcher.open("jobs") == 1 && this.dispatcher.open("pods") == 1);
		assertThat(worker.exit()).isNotDone();
		this.controller.endRunningPod(worker.name(), 1);

		WorkerExit exit = exitOf(worker);
		assertThat(exit.exitCode()).isEqualTo(1);
		assertThat(exit.reason()).contains("exit code 1 (step failed)", "BackoffLimitExceeded");
	}

	@Test
	void jobCompletedWhileTheWatchesWereDownIsSeenByTheRelistAfterGone() {
		Worker worker = launchRunningWorker();
		int jobLists = this.dispatcher.lists("jobs");
		int podLists = this.dispatcher.lists("pods");

		this.dispatcher.refuseWatches(true);
		this.dispatcher.closeWatches();
		await().atMost(WAIT).until(() -> this.dispatcher.open("jobs") == 0 && this.dispatcher.open("pods") == 0);
		this.controller.endRunningPod(worker.name(), 0);
		this.dispatcher.answerNextWatchesGone();
		this.dispatcher.refuseWatches(false);

		WorkerExit exit = exitOf(worker);
		assertThat(exit.isSuccess()).isTrue();
		assertThat(this.dispatcher.gone("jobs")).isOne();
		assertThat(this.dispatcher.gone("pods")).isOne();
		assertThat(this.dispatcher.lists("jobs")).isGreaterThan(jobLists);
		assertThat(this.dispatcher.lists("pods")).isGreaterThan(podLists);
	}

	@Test
	void jobDeletedWhileTheWatchesWereDownIsNoticedByTheRelistAfterGone() {
		Worker worker = launchRunningWorker();

		this.dispatcher.refuseWatches(true);
		this.dispatcher.closeWatches();
		await().atMost(WAIT).until(() -> this.dispatcher.open("jobs") == 0 && this.dispatcher.open("pods") == 0);
		this.client.batch().v1().jobs().withName(worker.name()).delete();
		await().atMost(WAIT)
			.until(() -> this.client.pods().withLabel(WorkerLabels.STEP_EXECUTION_ID).list().getItems().isEmpty());
		assertThat(worker.exit()).isNotDone();
		this.dispatcher.answerNextWatchesGone();
		this.dispatcher.refuseWatches(false);

		WorkerExit exit = exitOf(worker);
		assertThat(exit.isSuccess()).isFalse();
		assertThat(exit.reason()).contains("was deleted before it finished, not by this manager");
	}

	private Worker launchRunningWorker() {
		long id = ids.incrementAndGet();
		this.controller.plan(id, PodOutcome.running());
		Worker worker = this.launcher.launch(request(id));
		await().atMost(WAIT)
			.until(() -> this.client.pods().withName(worker.name() + "-p0").get() != null
					&& this.dispatcher.open("jobs") == 1 && this.dispatcher.open("pods") == 1);
		return worker;
	}

	private static WorkerExit exitOf(Worker worker) {
		try {
			return worker.exit().get(WAIT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new AssertionError("worker " + worker.name() + " did not end", ex);
		}
	}

	private static WorkerRequest request(long stepExecutionId) {
		return new WorkerRequest("Ledger_Import", "workerStep:partition" + stepExecutionId,
				new WorkerContract(7, stepExecutionId, "workerStep", 1));
	}

	/**
	 * Hands requests to the mock server's own dispatcher, and breaks the watches of the
	 * launcher's informers (those selected by the job execution id label) on demand:
	 * closes the open ones, refuses new ones with a 500, or answers the next one of each
	 * resource with an ERROR event of code 410, as an API server does when the
	 * resourceVersion a watch starts from is too old. Counts lists, watches opened,
	 * refused and gone, per resource ({@code jobs}, {@code pods}).
	 */
	static final class WatchBreakingDispatcher extends Dispatcher {

		private final Dispatcher delegate;

		private final Set<WebSocket> openWatches = ConcurrentHashMap.newKeySet();

		private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

		private final Map<String, AtomicBoolean> goneNext = new ConcurrentHashMap<>();

		private final Map<String, AtomicInteger> failingLists = new ConcurrentHashMap<>();

		private volatile boolean refuse;

		WatchBreakingDispatcher(Dispatcher delegate) {
			this.delegate = delegate;
		}

		@Override
		public MockResponse dispatch(RecordedRequest request) {
			String path = URLDecoder.decode(request.getPath(), StandardCharsets.UTF_8);
			if (!"GET".equals(request.getMethod()) || !path.contains("labelSelector=")
					|| !path.contains(WorkerLabels.JOB_EXECUTION_ID + "=")) {
				return this.delegate.dispatch(request);
			}
			String resource = path.substring(path.lastIndexOf('/', path.indexOf('?')) + 1, path.indexOf('?'));
			if (!path.contains("watch=true")) {
				count("list", resource);
				if (this.failingLists.computeIfAbsent(resource, (key) -> new AtomicInteger()).getAndDecrement() > 0) {
					count("failed list", resource);
					return new MockResponse().setResponseCode(500).setBody("list failed by the test");
				}
				return this.delegate.dispatch(request);
			}
			if (this.refuse) {
				count("refused", resource);
				return new MockResponse().setResponseCode(500).setBody("watches refused by the test");
			}
			if (this.goneNext.computeIfAbsent(resource, (key) -> new AtomicBoolean()).compareAndSet(true, false)) {
				count("gone", resource);
				return new MockResponse().withWebSocketUpgrade(new GoneListener());
			}
			MockResponse response = this.delegate.dispatch(request);
			if (response.getWebSocketListener() != null) {
				response.withWebSocketUpgrade(new TrackingListener(resource, response.getWebSocketListener()));
			}
			return response;
		}

		void closeWatches() {
			this.openWatches.forEach((webSocket) -> webSocket.close(1000, "closed by the test"));
		}

		void refuseWatches(boolean refuse) {
			this.refuse = refuse;
		}

		void answerNextWatchesGone() {
			this.goneNext.computeIfAbsent("jobs", (key) -> new AtomicBoolean()).set(true);
			this.goneNext.computeIfAbsent("pods", (key) -> new AtomicBoolean()).set(true);
		}

		void failNextLists(String resource, int lists) {
			this.failingLists.computeIfAbsent(resource, (key) -> new AtomicInteger()).set(lists);
		}

		int failedLists(String resource) {
			return count("failed list", resource, 0);
		}

		int lists(String resource) {
			return count("list", resource, 0);
		}

		int opened(String resource) {
			return count("opened", resource, 0);
		}

		int open(String resource) {
			return count("open", resource, 0);
		}

		int refused(String resource) {
			return count("refused", resource, 0);
		}

		int gone(String resource) {
			return count("gone", resource, 0);
		}

		private void count(String what, String resource) {
			count(what, resource, 1);
		}

		private int count(String what, String resource, int delta) {
			return this.counts.computeIfAbsent(what + " " + resource, (key) -> new AtomicInteger()).addAndGet(delta);
		}

		@Override
		public void shutdown() {
			this.delegate.shutdown();
		}

		/**
		 * Tracks the open watch sockets of the launcher, and hands everything on to the
		 * mock server's listener.
		 */
		private final class TrackingListener extends WebSocketListener {

			private final String resource;

			private final WebSocketListener delegate;

			private final AtomicBoolean closed = new AtomicBoolean();

			private TrackingListener(String resource, WebSocketListener delegate) {
				this.resource = resource;
				this.delegate = delegate;
			}

			@Override
			public void onBeforeAccept(WebSocket webSocket, Response response) {
				this.delegate.onBeforeAccept(webSocket, response);
			}

			@Override
			public void onOpen(WebSocket webSocket, Response response) {
				WatchBreakingDispatcher.this.openWatches.add(webSocket);
				count("opened", this.resource);
				count("open", this.resource);
				this.delegate.onOpen(webSocket, response);
			}

			@Override
			public void onMessage(WebSocket webSocket, String text) {
				this.delegate.onMessage(webSocket, text);
			}

			@Override
			public void onMessage(WebSocket webSocket, byte[] bytes) {
				this.delegate.onMessage(webSocket, bytes);
			}

			@Override
			public void onClosing(WebSocket webSocket, int code, String reason) {
				ended(webSocket);
				this.delegate.onClosing(webSocket, code, reason);
			}

			@Override
			public void onClosed(WebSocket webSocket, int code, String reason) {
				ended(webSocket);
				this.delegate.onClosed(webSocket, code, reason);
			}

			@Override
			public void onFailure(WebSocket webSocket, Throwable error, Response response) {
				ended(webSocket);
				this.delegate.onFailure(webSocket, error, response);
			}

			private void ended(WebSocket webSocket) {
				WatchBreakingDispatcher.this.openWatches.remove(webSocket);
				if (this.closed.compareAndSet(false, true)) {
					count("open", this.resource, -1);
				}
			}

		}

		/**
		 * Answers a watch with an ERROR event of code 410 Gone, as an API server does
		 * when the resourceVersion the watch starts from has been compacted away.
		 */
		private static final class GoneListener extends WebSocketListener {

			@Override
			public void onOpen(WebSocket webSocket, Response response) {
				webSocket.send(Serialization.asJson(new WatchEvent(new StatusBuilder().withStatus("Failure")
					.withReason("Expired")
					.withMessage("too old resource version: 1 (2)")
					.withCode(410)
					.build(), "ERROR")));
			}

		}

	}

}
