package io.partita.test;

import javax.sql.DataSource;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.JdbcJobRepositoryFactoryBean;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * A JDBC job repository on a new in-memory H2 database with the Spring Batch schema, for
 * tests and benchmarks that need a real repository but no shared one.
 */
public final class InMemoryJobRepository {

	private InMemoryJobRepository() {
	}

	public static JobRepository create() throws Exception {
		return on(new EmbeddedDatabaseBuilder().generateUniqueName(true)
			.setType(EmbeddedDatabaseType.H2)
			.addScript("/org/springframework/batch/core/schema-h2.sql")
			.build());
	}

	/**
	 * Returns a JDBC job repository on the given database.
	 */
	public static JobRepository on(DataSource dataSource) throws Exception {
		JdbcJobRepositoryFactoryBean factory = new JdbcJobRepositoryFactoryBean();
		factory.setDataSource(dataSource);
		factory.setTransactionManager(new JdbcTransactionManager(dataSource));
		factory.afterPropertiesSet();
		return factory.getObject();
	}

}
