package io.partita.autoconfigure;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.partita.launch.WorkerLauncher;
import io.partita.launch.local.LocalWorkerCommand;
import io.partita.launch.local.LocalWorkerCommandDecorator;
import io.partita.launch.local.LocalWorkerEnvironment;
import io.partita.launch.local.LocalWorkerLauncher;
import io.partita.launch.local.cds.WorkerClassArchives;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.util.ClassUtils;

/**
 * {@link AutoConfiguration Auto-configuration} of the embedded default launcher, which
 * runs each worker as a child JVM of the same application.
 */
@AutoConfiguration(after = EmbeddedJobRepositoryAutoConfiguration.class)
@Conditional(OnLauncherCondition.OnLocalLauncher.class)
@ConditionalOnBooleanProperty(name = WorkerEnvironmentPostProcessor.WORKER_PROCESS_PROPERTY, havingValue = false,
		matchIfMissing = true)
@EnableConfigurationProperties(PartitaProperties.class)
public final class LocalLauncherAutoConfiguration {

	private static final String CLASS_DATA_DIRECTORY = "class-data";

	@Bean
	@ConditionalOnMissingBean(WorkerLauncher.class)
	LocalWorkerLauncher localWorkerLauncher(PartitaProperties properties, LocalWorkerCommand command,
			ObjectProvider<LocalWorkerCommandDecorator> commandDecorator,
			ObjectProvider<LocalWorkerEnvironment> environments) {
		LocalLauncherProperties local = properties.getLocal();
		return new LocalWorkerLauncher(command, commandDecorator.getIfAvailable(() -> LocalWorkerCommandDecorator.NONE),
				local.getWorkDirectory().toAbsolutePath(), environments.orderedStream().toList(),
				local.getLogTailLines(), local.getStopGracePeriod());
	}

	@Bean
	@ConditionalOnMissingBean
	LocalWorkerCommand localWorkerCommand(PartitaProperties properties, ApplicationContext context,
			ObjectProvider<ApplicationArguments> arguments) {
		LocalLauncherProperties local = properties.getLocal();
		ApplicationArguments args = arguments.getIfAvailable();
		return LocalWorkerCommand.forThisApplication(local.getMainClass(), springBootApplicationClass(context),
				local.getJvmArguments(), (args != null) ? List.of(args.getSourceArgs()) : List.of());
	}

	@Bean
	@ConditionalOnMissingBean(LocalWorkerCommandDecorator.class)
	@ConditionalOnBooleanProperty(name = "partita.local.class-data-sharing.enabled", matchIfMissing = true)
	WorkerClassArchives workerClassArchives(PartitaProperties properties) {
		LocalLauncherProperties local = properties.getLocal();
		Path directory = local.getClassDataSharing().getDirectory();
		return new WorkerClassArchives(
				(directory != null) ? directory : local.getWorkDirectory().resolve(CLASS_DATA_DIRECTORY));
	}

	@Bean
	@ConditionalOnProperty(name = "spring.datasource.url")
	LocalWorkerEnvironment jobRepositoryConnectionEnvironment(DataSourceProperties dataSource) {
		return () -> {
			Map<String, String> environment = new HashMap<>();
			environment.put("SPRING_DATASOURCE_URL", dataSource.determineUrl());
			if (dataSource.determineUsername() != null) {
				environment.put("SPRING_DATASOURCE_USERNAME", dataSource.determineUsername());
			}
			if (dataSource.determinePassword() != null) {
				environment.put("SPRING_DATASOURCE_PASSWORD", dataSource.determinePassword());
			}
			return environment;
		};
	}

	private static @Nullable String springBootApplicationClass(ApplicationContext context) {
		String[] names = context.getBeanNamesForAnnotation(SpringBootApplication.class);
		if (names.length != 1) {
			return null;
		}
		Class<?> type = context.getType(names[0]);
		return (type != null) ? ClassUtils.getUserClass(type).getName() : null;
	}

}
