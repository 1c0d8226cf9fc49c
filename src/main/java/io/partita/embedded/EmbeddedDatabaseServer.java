package io.partita.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;

import io.partita.launch.local.LocalWorkerEnvironment;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.h2.tools.Server;

import org.springframework.beans.factory.DisposableBean;

/**
 * An H2 database served on the loopback interface by the manager, so that the manager and
 * its local workers share one job repository with nothing installed. Its files outlive
 * the manager, so a failed execution can be restarted later.
 */
public class EmbeddedDatabaseServer implements LocalWorkerEnvironment, DisposableBean {

	private static final Log logger = LogFactory.getLog(EmbeddedDatabaseServer.class);

	private static final String DATABASE = "partita";

	static final String USERNAME = "sa";

	private final Server server;

	private final String url;

	public EmbeddedDatabaseServer(Path directory, int port) {
		Path baseDirectory = directory.toAbsolutePath();
		try {
			Files.createDirectories(baseDirectory);
			this.server = Server
				.createTcpServer("-tcpPort", Integer.toString(port), "-ifNotExists", "-baseDir",
						baseDirectory.toString())
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create the embedded job repository directory " + baseDirectory, ex);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot start the embedded job repository on port " + port + ": "
					+ ex.getMessage() + ". Set partita.embedded-database.port to a free port, or 0.", ex);
		}
		this.url = "jdbc:h2:tcp://127.0.0.1:" + this.server.getPort() + "/" + DATABASE;
		logger.info(
				"Embedded job repository at " + baseDirectory.resolve(DATABASE + ".mv.db") + ", served at " + this.url);
	}

	public String getUrl() {
		return this.url;
	}

	@Override
	public Map<String, String> environment() {
		return Map.of("SPRING_DATASOURCE_URL", this.url, "SPRING_DATASOURCE_USERNAME", USERNAME,
				"SPRING_DATASOURCE_PASSWORD", "");
	}

	@Override
	public void destroy() {
		this.server.stop();
	}

}
