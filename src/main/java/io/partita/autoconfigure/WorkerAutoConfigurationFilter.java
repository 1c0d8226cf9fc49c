package io.partita.autoconfigure;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Keeps worker processes lean: in a process that {@link WorkerEnvironmentPostProcessor}
 * marked as a worker, filters out Spring Boot's Actuator, health, Micrometer and embedded
 * web server auto-configurations before their classes are even loaded. A worker runs one
 * step and exits; nobody scrapes or probes it.
 */
public class WorkerAutoConfigurationFilter implements AutoConfigurationImportFilter, EnvironmentAware {

	/**
	 * Spring Boot modules that serve the web or Actuator.
	 */
	private static final List<String> MANAGER_ONLY_MODULES = List.of("org.springframework.boot.actuate.",
			"org.springframework.boot.health.", "org.springframework.boot.micrometer.",
			"org.springframework.boot.webmvc.", "org.springframework.boot.webflux.",
			"org.springframework.boot.servlet.", "org.springframework.boot.tomcat.", "org.springframework.boot.jetty.",
			"org.springframework.boot.reactor.");

	/**
	 * Package segments of the Actuator parts of other modules, such as
	 * {@code org.springframework.boot.jdbc.autoconfigure.health}.
	 */
	private static final List<String> MANAGER_ONLY_SEGMENTS = List.of(".actuate.", ".actuator.", ".health.",
			".metrics.", ".observation.");

	private @Nullable Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public boolean[] match(@Nullable String[] autoConfigurationClasses,
			AutoConfigurationMetadata autoConfigurationMetadata) {
		boolean worker = this.environment != null && this.environment
			.getProperty(WorkerEnvironmentPostProcessor.WORKER_PROCESS_PROPERTY, Boolean.class, false);
		boolean[] matches = new boolean[autoConfigurationClasses.length];
		for (int i = 0; i < matches.length; i++) {
			String candidate = autoConfigurationClasses[i];
			matches[i] = !worker || candidate == null || !isManagerOnly(candidate);
		}
		return matches;
	}

	private static boolean isManagerOnly(String autoConfiguration) {
		if (!autoConfiguration.startsWith("org.springframework.")) {
			return false;
		}
		return MANAGER_ONLY_MODULES.stream().anyMatch(autoConfiguration::startsWith)
				|| MANAGER_ONLY_SEGMENTS.stream().anyMatch(autoConfiguration::contains)
				|| autoConfiguration.endsWith("EndpointAutoConfiguration");
	}

}
