package io.partita.autoconfigure;

import io.partita.ops.dashboard.DashboardEndpointLocator;
import io.partita.ops.dashboard.DashboardResources;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * {@link AutoConfiguration Auto-configuration} of the dashboard, served at
 * {@value DashboardResources#PATH} by managers that run a servlet web server, unless
 * {@code partita.dashboard.enabled=false}.
 */
@AutoConfiguration(after = PartitaEndpointAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ WebMvcConfigurer.class, PathMappedEndpoints.class })
@ConditionalOnBooleanProperty(name = WorkerEnvironmentPostProcessor.WORKER_PROCESS_PROPERTY, havingValue = false,
		matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "partita.dashboard.enabled", matchIfMissing = true)
public final class PartitaDashboardAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DashboardResources partitaDashboardResources() {
		return new DashboardResources();
	}

	@Bean
	@ConditionalOnMissingBean
	DashboardEndpointLocator partitaDashboardEndpointLocator(ObjectProvider<PathMappedEndpoints> endpoints) {
		return new DashboardEndpointLocator(endpoints);
	}

}
