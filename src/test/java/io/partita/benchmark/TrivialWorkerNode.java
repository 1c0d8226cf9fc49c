package io.partita.benchmark;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import com.zaxxer.hikari.HikariDataSource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.partita.controlplane.ControlPlane;
import io.partita.controlplane.ImageCommands;
import io.partita.controlplane.NodeAgent;
import io.partita.worker.WorkerContract;

import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The node of {@link KubernetesScaleBenchmark}, in a JVM of its own so that the manager's
 * figures are the manager's: a {@link NodeAgent} whose worker image, {@value #IMAGE},
 * runs in process — it reads the worker contract from the container's environment (one
 * step execution id, or the ordered ids and the {@code JOB_COMPLETION_INDEX} the Job
 * controller injects), records that step execution COMPLETED in the job repository and
 * exits 0. Prints {@code ready} once it takes pods.
 * <p>
 * Arguments: kubeconfig, namespace, JDBC URL, user, password.
 */
public final class TrivialWorkerNode {

	static final String IMAGE = "partita/trivial-worker:1";

	/**
	 * Threads of API calls: one thread's calls (bind, status patches, delete: about five
	 * per pod) were the pace of a 10,000-partition run.
	 */
	private static final int NODE_THREADS = Integer.getInteger("benchmark.scale.node-threads", 8);

	private TrivialWorkerNode() {
	}

	public static void main(String[] args) throws Exception {
		Config config = ControlPlane.config(Path.of(args[0]));
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(args[2]);
		dataSource.setUsername(args[3]);
		dataSource.setPassword(args[4]);
		dataSource.setMaximumPoolSize(2);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		ImageCommands images = ImageCommands.none().withInProcess(IMAGE, (environment) -> complete(jdbc, environment));
		try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
				NodeAgent agent = new NodeAgent(client, images, Path.of("target/scale-benchmark-pods"))
					.threads(NODE_THREADS)
					.namespace(args[1])
					.start()) {
			System.out.println("ready");
			new CountDownLatch(1).await();
		}
	}

	private static int complete(JdbcTemplate jdbc, Map<String, String> environment) {
		StandardEnvironment resolver = new StandardEnvironment();
		resolver.getPropertySources().addFirst(new MapPropertySource("container", Map.copyOf(environment)));
		WorkerContract contract = WorkerContract.from(resolver);
		Timestamp now = Timestamp.valueOf(LocalDateTime.now());
		int updated = jdbc.update(
				"UPDATE BATCH_STEP_EXECUTION SET STATUS = 'COMPLETED', EXIT_CODE = 'COMPLETED', "
						+ "EXIT_MESSAGE = '', START_TIME = ?, END_TIME = ?, LAST_UPDATED = ?, VERSION = VERSION + 1 "
						+ "WHERE STEP_EXECUTION_ID = ? AND STATUS <> 'COMPLETED'",
				now, now, now, contract.stepExecutionId());
		return (updated == 1) ? 0 : 3;
	}

}
