package io.partita.autoconfigure;

import java.sql.SQLException;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Explains a start-up that failed because the job repository's database had no connection
 * left for this process (SQL state 53300, as PostgreSQL reports "too many clients"), with
 * the arithmetic of Partita's connections and the settings that change it. In a worker
 * the failure ends the process with exit code 1, so its partition is retried and fails,
 * when it must, with this report in its exit description.
 */
class JobRepositoryConnectionsFailureAnalyzer implements FailureAnalyzer {

	private static final String TOO_MANY_CONNECTIONS = "53300";

	@Override
	public @Nullable FailureAnalysis analyze(Throwable failure) {
		SQLException refusal = refusal(failure);
		if (refusal == null) {
			return null;
		}
		return new FailureAnalysis(
				"The job repository's database refused a connection: " + refusal.getMessage() + " (SQL state "
						+ TOO_MANY_CONNECTIONS + ").",
				"Each worker holds up to partita.worker.database-connections (default "
						+ WorkerProperties.DEFAULT_DATABASE_CONNECTIONS
						+ ") connections and the manager its own pool (spring.datasource.hikari.maximum-pool-size, "
						+ "default 10), so partita.max-workers × database-connections + the manager's pool must stay "
						+ "below the database's max_connections. Lower partita.max-workers, raise the database's "
						+ "max_connections, or put a connection pooler such as PgBouncer in front of it.",
				failure);
	}

	private static @Nullable SQLException refusal(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && TOO_MANY_CONNECTIONS.equals(sql.getSQLState())) {
				return sql;
			}
		}
		return null;
	}

}
