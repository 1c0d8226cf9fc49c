package io.partita.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import io.partita.worker.WorkerContract;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns a process that carries the {@link WorkerContract} variables into a worker: it
 * runs no job at start-up, starts no web server, initialises no schema, creates beans
 * only when its step needs them, and keeps a pool of job repository connections sized for
 * one step ({@code partita.worker.database-connections}).
 */
public class WorkerEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/**
	 * Property set to {@code true} in worker processes, for conditions on manager-only
	 * beans.
	 */
	public static final String WORKER_PROCESS_PROPERTY = "partita.worker.process";

	private static final String DATABASE_CONNECTIONS_PROPERTY = "partita.worker.database-connections";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!WorkerContract.isWorker(environment)) {
			return;
		}
		Map<String, Object> worker = new LinkedHashMap<>();
		worker.put(WORKER_PROCESS_PROPERTY, true);
		worker.put("spring.batch.job.enabled", false);
		worker.put("spring.batch.jdbc.initialize-schema", "never");
		worker.put("spring.sql.init.mode", "never");
		worker.put("spring.main.web-application-type", "none");
		worker.put("spring.main.banner-mode", "off");
		worker.put("spring.main.lazy-initialization", true);
		worker.put("spring.jmx.enabled", false);
		worker.put("spring.datasource.hikari.maximum-pool-size", databaseConnections(environment));
		// the second connection is opened only when the step needs it
		worker.put("spring.datasource.hikari.minimum-idle", 1);
		environment.getPropertySources().addFirst(new MapPropertySource("partitaWorker", worker));
	}

	/**
	 * The worker's pool size, checked here because a worker has no other chance to say
	 * what is wrong with it before its pool is made.
	 */
	private static int databaseConnections(ConfigurableEnvironment environment) {
		int connections = Binder.get(environment)
			.bind(DATABASE_CONNECTIONS_PROPERTY, Integer.class)
			.orElse(WorkerProperties.DEFAULT_DATABASE_CONNECTIONS);
		PropertyChecks.requirePositive(DATABASE_CONNECTIONS_PROPERTY, connections,
				Integer.toString(WorkerProperties.DEFAULT_DATABASE_CONNECTIONS));
		return connections;
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
