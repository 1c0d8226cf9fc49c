package io.partita.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.partita.controlplane.ControlPlane;
import io.partita.controlplane.ImageCommands;
import io.partita.controlplane.NodeAgent;
import io.partita.kubernetes.EndToEndCluster;
import io.partita.launch.kubernetes.WorkerLabels;
import io.partita.sample.LedgerImportApplication;
import io.partita.test.PostgresSchema;

/**
 * The {@link ChaosRun} on the real control plane ({@code ./mvnw -Pchaos verify}):
 * kube-apiserver, kube-controller-manager with the real Job controller and etcd, and a
 * {@link NodeAgent} that runs each worker pod as a JVM of the sample. The manager reaches
 * the API server only through {@code src/test/faultproxy}, which answers a share of its
 * requests 429 or 500, loses the answer of a share of its creates, and cuts every watch
 * after a few seconds. Beyond the SIGKILLs of workers and the manager and the PostgreSQL
 * restart, the node evicts one worker pod (a disruption, not charged to the partition's
 * attempts).
 * <p>
 * Settings beyond {@link ChaosRun}'s: {@code chaos.api-error-rate} (0.05),
 * {@code chaos.lost-create-rate} (0.1), {@code chaos.watch-max} (20s).
 */
public final class KubernetesChaosRun extends ChaosRun {

	private static final String IMAGE = "partita/ledger-import:chaos";

	private static final String SECRET = "ledger-db";

	private static final String WORKER_STEP = "ledgerWorkerStep";

	private final KubernetesClient admin;

	private final NodeAgent node;

	private final String namespace;

	private final Path kubeconfig;

	private final String proxyUrl;

	private KubernetesChaosRun(Settings settings, Path directory, String url, ControlPlane plane, NodeAgent node,
			String namespace, String proxyUrl) throws IOException {
		super(settings, directory, url);
		this.admin = plane.client();
		this.node = node;
		this.namespace = namespace;
		this.proxyUrl = proxyUrl;
		this.kubeconfig = directory.resolve("manager.kubeconfig");
		Files.writeString(this.kubeconfig,
				Files.readString(plane.kubeconfig()).replaceAll("server: https://\\S+", "server: " + proxyUrl));
	}

	public static void main(String[] args) throws Exception {
		Settings settings = Settings.fromSystemProperties();
		Path directory = settings.directory("chaos-kubernetes");
		settings.print("Kubernetes", directory);
		Path project = Path.of("").toAbsolutePath();
		String url = PostgresSchema.create();
		try (ControlPlane plane = ControlPlane.start(project, project.resolve("target/control-plane-chaos"))) {
			String namespace = plane.createNamespace("chaos", null).name();
			EndToEndCluster.createDatasourceEnvironmentSecret(plane.client(), namespace, SECRET, url);
			Process proxy = startFaultProxy(project, plane, directory, settings.seed());
			try (NodeAgent node = new NodeAgent(plane.client(),
					ImageCommands.none().withJavaMain(IMAGE, LedgerImportApplication.class.getName()),
					directory.resolve("pods"))
				.nodeName("chaos-node")
				.namespace(namespace)
				.environment(EndToEndCluster.WORKER_JVM)
				.start()) {
				new KubernetesChaosRun(settings, directory, url, plane, node, namespace, proxyAddress(directory, proxy))
					.run(settings);
			}
			finally {
				proxy.destroy();
			}
		}
	}

	@Override
	protected List<String> managerJvmOptions() {
		// the control plane's client key is an EC key (fabric8io/kubernetes-client#3535)
		return List.of("-Dkubernetes.certs.client.key.algo=EC");
	}

	@Override
	protected List<String> launcherArguments() {
		return List.of("--spring.main.cloud-platform=kubernetes", "--partita.launcher=kubernetes",
				"--partita.kubernetes.namespace=" + this.namespace, "--partita.kubernetes.image=" + IMAGE,
				"--partita.kubernetes.env-from-secrets=" + SECRET);
	}

	@Override
	protected Map<String, String> managerEnvironment() {
		return Map.of("KUBECONFIG", this.kubeconfig.toString());
	}

	@Override
	protected List<ProcessHandle> liveWorkers() {
		return runningWorkerPods().stream()
			.map((pod) -> containerProcess(pod.getMetadata().getName()))
			.flatMap(Optional::stream)
			.filter(ProcessHandle::isAlive)
			.toList();
	}

	/**
	 * Evicts a worker pod as a kubelet under memory pressure does, as soon as one runs.
	 */
	@Override
	protected void disruptPlatform() throws Exception {
		try {
			this.admin.pods()
				.inNamespace(this.namespace)
				.withLabel(WorkerLabels.STEP, WORKER_STEP)
				.informOnCondition((pods) -> pods.stream().anyMatch(KubernetesChaosRun::isRunning))
				.get(2, TimeUnit.MINUTES);
		}
		catch (TimeoutException ex) {
			event("no worker pod ran within 2 minutes: none evicted");
			return;
		}
		List<Pod> pods = runningWorkerPods();
		if (pods.isEmpty()) {
			event("the running worker pod ended before its eviction");
			return;
		}
		String victim = pods.get(this.random.nextInt(pods.size())).getMetadata().getName();
		try {
			this.node.evict(this.namespace, victim);
			event("node evicted worker pod " + victim);
		}
		catch (IllegalStateException ex) {
			event("worker pod " + victim + " ended before its eviction");
		}
	}

	@Override
	protected void reportPlatform() {
		System.out.println("API faults injected: " + faultCounts());
		System.out
			.println("Jobs adopted after a lost create answer: " + managerLogLines("Adopted existing Kubernetes Job"));
	}

	private List<Pod> runningWorkerPods() {
		return this.admin.pods()
			.inNamespace(this.namespace)
			.withLabel(WorkerLabels.STEP, WORKER_STEP)
			.list()
			.getItems()
			.stream()
			.filter(KubernetesChaosRun::isRunning)
			.toList();
	}

	private static boolean isRunning(Pod pod) {
		return "Running".equals(pod.getStatus().getPhase());
	}

	private Optional<ProcessHandle> containerProcess(String pod) {
		try {
			return Optional.of(this.node.containerProcess(this.namespace, pod));
		}
		catch (IllegalStateException ex) {
			// its container ended since the list
			return Optional.empty();
		}
	}

	private String faultCounts() {
		try {
			return HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(this.proxyUrl + "/faultproxy/counts")).build(),
						HttpResponse.BodyHandlers.ofString())
				.body()
				.strip();
		}
		catch (IOException | InterruptedException ex) {
			return "unknown (" + ex + ")";
		}
	}

	/**
	 * Builds and starts {@code src/test/faultproxy} in front of the API server, with the
	 * admin's client certificate.
	 */
	private static Process startFaultProxy(Path project, ControlPlane plane, Path directory, long seed)
			throws IOException, InterruptedException {
		Path binary = project.resolve("target/faultproxy/faultproxy");
		Process build = new ProcessBuilder("go", "build", "-o", binary.toString(), ".")
			.directory(project.resolve("src/test/faultproxy").toFile())
			.inheritIO()
			.start();
		if (build.waitFor() != 0) {
			throw new IllegalStateException("go build of src/test/faultproxy failed: see its output above");
		}
		Files.deleteIfExists(directory.resolve("faultproxy.address"));
		Path pki = plane.workDirectory().resolve("pki");
		return new ProcessBuilder(binary.toString(), "-upstream", plane.url(), "-ca", pki.resolve("ca.crt").toString(),
				"-cert", pki.resolve("admin.crt").toString(), "-key", pki.resolve("admin.key").toString(),
				"-address-file", directory.resolve("faultproxy.address").toString(), "-seed", Long.toString(seed),
				"-error-rate", System.getProperty("chaos.api-error-rate", "0.05"), "-lost-create-rate",
				System.getProperty("chaos.lost-create-rate", "0.1"), "-watch-max",
				System.getProperty("chaos.watch-max", "20s"))
			.redirectErrorStream(true)
			.redirectOutput(directory.resolve("faultproxy.log").toFile())
			.start();
	}

	private static String proxyAddress(Path directory, Process proxy) throws IOException, InterruptedException {
		Path file = directory.resolve("faultproxy.address");
		Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
		while (!Files.exists(file) || Files.readString(file).isBlank()) {
			if (!proxy.isAlive() || Instant.now().isAfter(deadline)) {
				throw new IllegalStateException(
						"The fault proxy did not start: see " + directory.resolve("faultproxy.log"));
			}
			proxy.waitFor(100, TimeUnit.MILLISECONDS);
		}
		return Files.readString(file).strip();
	}

}
