package io.partita.test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A fresh schema in the test PostgreSQL database, so that each test class has a job
 * repository of its own. The database is the one {@code .ci/run} starts:
 * {@code jdbc:postgresql://127.0.0.1:5432/partita}, user and password {@code partita},
 * unless {@code PARTITA_TEST_POSTGRES_URL} (with {@code _USER} and {@code _PASSWORD})
 * says otherwise.
 */
public final class PostgresSchema {

	private static final String BASE_URL = setting("PARTITA_TEST_POSTGRES_URL",
			"jdbc:postgresql://127.0.0.1:5432/partita");

	public static final String USER = setting("PARTITA_TEST_POSTGRES_USER", "partita");

	public static final String PASSWORD = setting("PARTITA_TEST_POSTGRES_PASSWORD", "partita");

	private PostgresSchema() {
	}

	/**
	 * Creates a new, empty schema and returns a JDBC URL whose connections use it.
	 */
	public static String create() {
		String schema = "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		try (Connection connection = DriverManager.getConnection(BASE_URL, USER, PASSWORD);
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE SCHEMA " + schema);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("The integration tests need PostgreSQL at " + BASE_URL + " (user " + USER
					+ "): " + ex.getMessage() + ". Run .ci/run, or start PostgreSQL and create that user and database.",
					ex);
		}
		return BASE_URL + (BASE_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
	}

	/**
	 * Points the application's data source at a new schema.
	 */
	public static void register(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", PostgresSchema::create);
		registry.add("spring.datasource.username", () -> USER);
		registry.add("spring.datasource.password", () -> PASSWORD);
	}

	private static String setting(String name, String defaultValue) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : defaultValue;
	}

}
