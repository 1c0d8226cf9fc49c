package io.partita.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import io.partita.worker.WorkerContract;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns a process that carries the {@link WorkerContract} variables into a worker: it
 * runs no job at start-up, starts no web server, initialises no schema, and creates beans
 * only when its step needs them.
 */
public class WorkerEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/**
	 * Property set to {@code true} in worker processes, for conditions on manager-only
	 * beans.
	 */
	public static final String WORKER_PROCESS_PROPERTY = "partita.worker.process";

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
		environment.getPropertySources().addFirst(new MapPropertySource("partitaWorker", worker));
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
