package io.partita.autoconfigure;

import io.partita.ops.dashboard.DashboardEndpointLocator;
import io.partita.ops.dashboard.DashboardResources;
import io.partita.ops.endpoint.PartitaEndpoint;
import io.partita.recovery.JobExecutionControl;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.launch.JobOperator;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.batch.autoconfigure.BatchAutoConfiguration;
import org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Auto-configuration of the Actuator endpoint and the dashboard: managers only, the
 * endpoint only when exposed, the dashboard unless turned off, and the application's own
 * job operator and job execution control left alone.
 */
class PartitaOpsAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
				BatchJdbcAutoConfiguration.class, BatchAutoConfiguration.class, LocalLauncherAutoConfiguration.class,
				PartitaAutoConfiguration.class, CommandAutoConfiguration.class, EndpointAutoConfiguration.class,
				WebEndpointAutoConfiguration.class, PartitaEndpointAutoConfiguration.class,
				PartitaDashboardAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:partita-ops;DB_CLOSE_DELAY=-1",
				"spring.batch.jdbc.initialize-schema=always",
				"partita.local.main-class=io.partita.it.TestJobsApplication");

	@Test
	void endpointIsAutoConfiguredInAManagerWhenExposed() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=partita").run((context) -> {
			assertThat(context).hasSingleBean(PartitaEndpoint.class);
			assertThat(context).hasSingleBean(JobOperator.class);
			assertThat(context).hasSingleBean(JobExecutionControl.class);
		});
	}

	@Test
	void endpointIsNotAutoConfiguredWhenNotExposed() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(PartitaEndpoint.class));
	}

	@Test
	void dashboardIsAutoConfiguredInAServletManager() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(DashboardResources.class);
			assertThat(context).hasSingleBean(DashboardEndpointLocator.class);
		});
	}

	@Test
	void dashboardCanBeTurnedOff() {
		this.contextRunner.withPropertyValues("partita.dashboard.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DashboardResources.class)
				.doesNotHaveBean(DashboardEndpointLocator.class));
	}

	@Test
	void workerProcessGetsNeitherEndpointNorDashboard() {
		this.contextRunner
			.withPropertyValues("partita.worker.process=true", "management.endpoints.web.exposure.include=partita")
			.run((context) -> assertThat(context).doesNotHaveBean(PartitaEndpoint.class)
				.doesNotHaveBean(DashboardResources.class));
	}

}
