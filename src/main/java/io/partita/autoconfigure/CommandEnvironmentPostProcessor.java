package io.partita.autoconfigure;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Turns Spring Boot's job runner off in a process started to restart or recover a job
 * execution ({@code --partita.restart=<id>}, {@code --partita.recover=<id>}): the runner
 * would otherwise start the application's job first, with its own idea of which instance
 * to run, before Partita runs the execution it was asked for.
 */
public class CommandEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (StringUtils.hasText(environment.getProperty("partita.restart"))
				|| StringUtils.hasText(environment.getProperty("partita.recover"))) {
			environment.getPropertySources()
				.addFirst(new MapPropertySource("partitaCommand", Map.of("spring.batch.job.enabled", false)));
		}
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
