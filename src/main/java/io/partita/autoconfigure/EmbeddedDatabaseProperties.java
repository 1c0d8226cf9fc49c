package io.partita.autoconfigure;

import java.nio.file.Path;

/**
 * Settings of the embedded job repository, an H2 database that the manager serves to its
 * workers when no spring.datasource.url is set.
 */
public class EmbeddedDatabaseProperties {

	/**
	 * Whether to serve an embedded H2 job repository when no spring.datasource.url is
	 * set.
	 */
	private boolean enabled = true;

	/**
	 * Directory that holds the database files; they survive the manager, so failed
	 * executions can be restarted.
	 */
	private Path directory = Path.of(".partita", "db");

	/**
	 * Loopback port of the database server. 0 picks a free port.
	 */
	private int port;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Path getDirectory() {
		return this.directory;
	}

	public void setDirectory(Path directory) {
		this.directory = directory;
	}

	public int getPort() {
		return this.port;
	}

	public void setPort(int port) {
		this.port = port;
	}

}
