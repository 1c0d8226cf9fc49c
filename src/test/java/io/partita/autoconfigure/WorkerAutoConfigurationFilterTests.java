package io.partita.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WorkerAutoConfigurationFilter}.
 */
class WorkerAutoConfigurationFilterTests {

	private static final String[] CANDIDATES = {
			"org.springframework.boot.actuate.autoconfigure.info.InfoEndpointAutoConfiguration",
			"org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration",
			"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
			"org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration",
			"org.springframework.boot.batch.autoconfigure.observation.BatchObservationAutoConfiguration",
			"org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration",
			"org.springframework.cloud.autoconfigure.RefreshEndpointAutoConfiguration",
			"org.springframework.boot.batch.autoconfigure.BatchAutoConfiguration",
			"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
			"org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
			"io.partita.autoconfigure.WorkerAutoConfiguration", "com.example.health.UserAutoConfiguration" };

	@Test
	void workerProcessSkipsActuatorMetricsAndWebServerAutoConfigurations() {
		assertThat(match(new MockEnvironment().withProperty("partita.worker.process", "true"))).containsExactly(false,
				false, false, false, false, false, false, true, true, true, true, true);
	}

	@Test
	void managerKeepsEveryAutoConfiguration() {
		assertThat(match(new MockEnvironment())).containsOnly(true);
	}

	private static boolean[] match(MockEnvironment environment) {
		WorkerAutoConfigurationFilter filter = new WorkerAutoConfigurationFilter();
		filter.setEnvironment(environment);
		return filter.match(CANDIDATES, null);
	}

}
