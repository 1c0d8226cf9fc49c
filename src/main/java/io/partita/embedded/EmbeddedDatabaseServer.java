package io.partita.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;

import io.partita.launch.local.LocalWorkerEnvironment;
import io.partita.support.PrivateFiles;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.h2.tools.Server;

import org.springframework.beans.factory.DisposableBean;

/**
 * An H2 database served by the manager, so that the manager and its local workers share
 * one job repository with nothing installed. It is private to the job: served on the
 * loopback interface only, to a user whose password is new for each manager run and
 * reaches workers through their environment, with its files readable by their owner only.
 * The files outlive the manager, so a failed execution can be restarted later; the server
 * stops with the manager and never keeps its JVM alive.
 */
public class EmbeddedDatabaseServer implements LocalWorkerEnvironment, DisposableBean {

	private static final Log logger = LogFactory.getLog(EmbeddedDatabaseServer.class);

	private static final String DATABASE = "partita";

	private final Server server;

	private final String url;

	private final String password;

	public EmbeddedDatabaseServer(Path directory, int port) {
		Path baseDirectory = directory.toAbsolutePath();
		LoopbackBinding.apply();
		try {
			PrivateFiles.createDirectories(baseDirectory);
			this.password = new EmbeddedDatabaseCredentials(baseDirectory, DATABASE).renew();
			PrivateFiles.restrictFilesIn(baseDirectory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot prepare the embedded job repository in " + baseDirectory, ex);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot open the embedded job repository in " + baseDirectory + ": "
					+ ex.getMessage() + ". Delete " + baseDirectory + " to start afresh.", ex);
		}
		try {
			// no -ifNotExists: the server opens only the database created above;
			// no -tcpAllowOthers: it refuses connections from other hosts
			this.server = Server
				.createTcpServer("-tcpPort", Integer.toString(port), "-tcpPassword",
						EmbeddedDatabaseCredentials.newPassword(), "-tcpDaemon", "-baseDir", baseDirectory.toString())
				.start();
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot start the embedded job repository on port " + port + ": "
					+ ex.getMessage() + ". Set partita.embedded-database.port to a free port, or 0.", ex);
		}
		this.url = "jdbc:h2:tcp://" + LoopbackBinding.ADDRESS + ":" + this.server.getPort() + "/" + DATABASE;
		logger.info(
				"Embedded job repository at " + baseDirectory.resolve(DATABASE + ".mv.db") + ", served at " + this.url);
	}

	public String getUrl() {
		return this.url;
	}

	public String getUsername() {
		return EmbeddedDatabaseCredentials.USER;
	}

	public String getPassword() {
		return this.password;
	}

	int getPort() {
		return this.server.getPort();
	}

	@Override
	public Map<String, String> environment() {
		return Map.of("SPRING_DATASOURCE_URL", this.url, "SPRING_DATASOURCE_USERNAME", getUsername(),
				"SPRING_DATASOURCE_PASSWORD", this.password);
	}

	@Override
	public void destroy() {
		this.server.stop();
	}

}
