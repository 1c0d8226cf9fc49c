package io.partita.kubernetes;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.partita.controlplane.ControlPlane;
import io.partita.controlplane.ImageCommands;
import io.partita.controlplane.KubernetesControlPlane;
import io.partita.controlplane.NodeAgent;
import io.partita.controlplane.TestNamespace;
import io.partita.launch.kubernetes.WorkerLabels;
import io.partita.ops.metrics.PartitaMetrics;
import io.partita.sample.LedgerImportApplication;
import io.partita.test.PostgresSchema;
import io.partita.test.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bundled sample on the real control plane: its manager in this JVM, each partition
 * and its remote summary step a Kubernetes Job whose pod the {@link NodeAgent} runs as a
 * worker JVM of the sample, all sharing a PostgreSQL job repository that the workers
 * reach through a Secret.
 */
@ExtendWith({ KubernetesControlPlane.class, OutputCaptureExtension.class })
class LedgerImportOnKubernetesTests {

	private static final String IMAGE = "partita/ledger-import:test";

	private static final String SECRET = "ledger-db";

	@Test
	void sampleJobCompletesWithEachPartitionAndItsRemoteSummaryStepAsAJob(ControlPlane controlPlane,
			TestNamespace namespace) throws Exception {
		String url = PostgresSchema.create();
		KubernetesClient admin = controlPlane.client();
		EndToEndCluster.createDatasourceEnvironmentSecret(admin, namespace.name(), SECRET, url);
		try (NodeAgent agent = nodeAgent(controlPlane, namespace).start();
				KubernetesClient manager = EndToEndCluster.withoutClientRetries(admin);
				ConfigurableApplicationContext context = runManager(manager,
						managerArguments(namespace, url, "transactions=3000", "partitions=3"))) {

			assertThat(context.getBean(HealthEndpoint.class).healthForPath("partita", "kubernetes").getStatus())
				.isEqualTo(Status.UP);
			assertThat(context.getBean(MeterRegistry.class)
				.get(PartitaMetrics.PARTITIONS_FINISHED)
				.tags("launcher", "kubernetes", "outcome", "COMPLETED")
				.counters()).extracting((counter) -> counter.getId().getTag("step") + "=" + counter.count())
				.containsExactlyInAnyOrder("ledgerWorkerStep=3.0", "ledgerSummaryStep=1.0");
			assertThat(SpringApplication.exit(context)).isZero();
		}

		JdbcTemplate jdbc = new JdbcTemplate(
				new DriverManagerDataSource(url, PostgresSchema.USER, PostgresSchema.PASSWORD));
		assertThat(jdbc.queryForObject("SELECT STATUS FROM BATCH_JOB_EXECUTION", String.class)).isEqualTo("COMPLETED");
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM LEDGER", Long.class)).isEqualTo(3000 - 3);
		List<Job> jobs = admin.batch().v1().jobs().inNamespace(namespace.name()).list().getItems();
		assertThat(jobs).extracting((job) -> job.getMetadata().getAnnotations().get("partita.io/step-name"))
			.containsExactlyInAnyOrder("ledgerWorkerStep", "ledgerWorkerStep", "ledgerWorkerStep", "ledgerSummaryStep");
		assertThat(jobs).allSatisfy((job) -> assertThat(job.getStatus().getSucceeded()).isEqualTo(1));
	}

	@Test
	void managerKilledMidRunIsRecoveredByAManagerThatFindsItsJobsByLabel(ControlPlane controlPlane,
			CapturedOutput output) throws Exception {
		// a namespace of its own: job execution ids of this test's job repository repeat
		// the other test's
		TestNamespace namespace = controlPlane.createNamespace("recovery", null);
		String url = PostgresSchema.create();
		KubernetesClient admin = controlPlane.client();
		EndToEndCluster.createDatasourceEnvironmentSecret(admin, namespace.name(), SECRET, url);
		JdbcTemplate jdbc = new JdbcTemplate(
				new DriverManagerDataSource(url, PostgresSchema.USER, PostgresSchema.PASSWORD));
		try (NodeAgent agent = nodeAgent(controlPlane, namespace).start();
				KubernetesClient manager = EndToEndCluster.withoutClientRetries(admin)) {
			List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
					// the control plane's client key is an EC key
					// (fabric8io/kubernetes-client#3535)
					"-Dkubernetes.certs.client.key.algo=EC", "-cp", System.getProperty("java.class.path"),
					LedgerImportApplication.class.getName(), "--spring.main.cloud-platform=kubernetes"));
			command.addAll(managerArguments(namespace, url, "transactions=400000", "partitions=2"));
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(controlPlane.workDirectory().resolve("killed-manager.log").toFile());
			builder.environment().put("KUBECONFIG", controlPlane.kubeconfig().toString());
			Process killedManager = builder.start();
			// frozen as soon as they run, the workers outlive the manager's death and the
			// start of its recovery
			List<ProcessHandle> workers = await().atMost(Duration.ofMinutes(4))
				.ignoreExceptions()
				.until(() -> workerProcesses(admin, agent, namespace), (processes) -> processes.size() == 2);
			Processes.signal("STOP", workers);
			killedManager.destroyForcibly();
			assertThat(killedManager.waitFor(1, TimeUnit.MINUTES)).isTrue();

			CompletableFuture<Integer> recovery = CompletableFuture.supplyAsync(() -> {
				List<String> arguments = new ArrayList<>(managerArguments(namespace, url, "--partita.recover=1",
						"--partita.recovery.manager-silence=1s"));
				try (ConfigurableApplicationContext context = runManager(manager, arguments)) {
					return SpringApplication.exit(context);
				}
			});
			await().atMost(Duration.ofMinutes(2))
				.until(() -> output.getOut().contains("waiting for 2 live worker(s) to end: "));
			Processes.signal("CONT", workers);

			assertThat(recovery.get(5, TimeUnit.MINUTES)).isZero();
		}
		assertThat(
				jdbc.queryForObject("SELECT STATUS FROM BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID = 2", String.class))
			.isEqualTo("COMPLETED");
		assertThat(jdbc.queryForList("SELECT STEP_NAME FROM BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID = 2",
				String.class))
			.as("the partitions the live workers completed are not run again")
			.containsExactlyInAnyOrder("ledgerManagerStep", "ledgerSummaryStep", "ledgerSummaryStep:remote");
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM LEDGER", Long.class)).isEqualTo(400000 - 400);
		assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT TXN_ID) FROM LEDGER", Long.class))
			.isEqualTo(400000 - 400);
	}

	private static List<ProcessHandle> workerProcesses(KubernetesClient admin, NodeAgent agent,
			TestNamespace namespace) {
		return admin.pods()
			.inNamespace(namespace.name())
			.withLabel(WorkerLabels.JOB_EXECUTION_ID, "1")
			.withLabel(WorkerLabels.STEP, "ledgerWorkerStep")
			.list()
			.getItems()
			.stream()
			.map((pod) -> agent.containerProcess(namespace.name(), pod.getMetadata().getName()))
			.toList();
	}

	private static NodeAgent nodeAgent(ControlPlane controlPlane, TestNamespace namespace) {
		Path pods = controlPlane.workDirectory().resolve("pods");
		ImageCommands images = ImageCommands.none().withJavaMain(IMAGE, LedgerImportApplication.class.getName());
		return new NodeAgent(controlPlane.client(), images, pods).nodeName("ledger-node").namespace(namespace.name());
	}

	private static ConfigurableApplicationContext runManager(KubernetesClient manager, List<String> arguments) {
		return new SpringApplicationBuilder(LedgerImportApplication.class)
			.initializers((application) -> application.getBeanFactory().registerSingleton("kubernetesClient", manager))
			.run(arguments.toArray(new String[0]));
	}

	private static List<String> managerArguments(TestNamespace namespace, String url, String... more) {
		List<String> arguments = new ArrayList<>(List.of("--partita.launcher=kubernetes",
				"--partita.kubernetes.namespace=" + namespace.name(), "--partita.kubernetes.image=" + IMAGE,
				"--partita.kubernetes.env-from-secrets=" + SECRET, "--partita.kubernetes.cleanup-policy=never",
				"--spring.datasource.url=" + url, "--spring.datasource.username=" + PostgresSchema.USER,
				"--spring.datasource.password=" + PostgresSchema.PASSWORD));
		arguments.addAll(List.of(more));
		return arguments;
	}

}
