package io.partita.autoconfigure;

import javax.sql.DataSource;

import io.partita.embedded.EmbeddedDatabaseServer;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.batch.jdbc.autoconfigure.BatchDataSourceScriptDatabaseInitializer;
import org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * {@link AutoConfiguration Auto-configuration} of the zero-configuration job repository:
 * when no {@code spring.datasource.url} is set, the manager serves an H2 database to
 * itself and its workers, and creates the Spring Batch schema in it.
 */
@AutoConfiguration(before = DataSourceAutoConfiguration.class)
@ConditionalOnClass({ org.h2.tools.Server.class, BatchJdbcProperties.class })
@ConditionalOnMissingBean(DataSource.class)
@Conditional(OnNoDataSourceUrlCondition.class)
@ConditionalOnBooleanProperty(name = "partita.embedded-database.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ PartitaProperties.class, BatchJdbcProperties.class })
public final class EmbeddedJobRepositoryAutoConfiguration {

	@Bean
	EmbeddedDatabaseServer partitaEmbeddedDatabaseServer(PartitaProperties properties) {
		EmbeddedDatabaseProperties embedded = properties.getEmbeddedDatabase();
		return new EmbeddedDatabaseServer(embedded.getDirectory(), embedded.getPort());
	}

	@Bean
	DataSource dataSource(EmbeddedDatabaseServer server) {
		return DataSourceBuilder.create()
			.url(server.getUrl())
			.username(server.getUsername())
			.password(server.getPassword())
			.build();
	}

	@Bean
	@ConditionalOnMissingBean
	BatchDataSourceScriptDatabaseInitializer batchDataSourceInitializer(DataSource dataSource,
			BatchJdbcProperties properties) {
		BatchJdbcProperties always = new BatchJdbcProperties();
		always.setSchema(properties.getSchema());
		if (properties.getPlatform() != null) {
			always.setPlatform(properties.getPlatform());
		}
		always.setInitializeSchema(DatabaseInitializationMode.ALWAYS);
		return new BatchDataSourceScriptDatabaseInitializer(dataSource, always);
	}

}
