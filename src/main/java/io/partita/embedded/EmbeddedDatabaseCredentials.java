package io.partita.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import io.partita.support.PrivateFiles;
import org.h2.api.ErrorCode;
import org.jspecify.annotations.Nullable;

/**
 * The credentials of the embedded job repository: its administrator is {@value #USER},
 * whose password is new for each manager run and kept, beside the database, in a file
 * only its owner may read, since the next run needs it to open the database. The database
 * is opened in-process to create it or change the password, so that the server never
 * creates a database for whoever connects to it first.
 */
final class EmbeddedDatabaseCredentials {

	static final String USER = "PARTITA";

	/**
	 * The administrator of databases that Partita created before they had credentials of
	 * their own: H2's {@code sa}, with an empty password.
	 */
	private static final String LEGACY_USER = "SA";

	private static final SecureRandom random = new SecureRandom();

	private final Path directory;

	private final String database;

	EmbeddedDatabaseCredentials(Path directory, String database) {
		this.directory = directory;
		this.database = database;
	}

	/**
	 * Creates the database if it does not exist yet, and gives its administrator a new
	 * password.
	 * @return the new password
	 * @throws IllegalStateException if the database exists but cannot be opened with the
	 * credentials recorded beside it
	 */
	String renew() throws IOException, SQLException {
		String password = newPassword();
		Path file = credentialsFile();
		if (!Files.exists(this.directory.resolve(this.database + ".mv.db"))) {
			DriverManager.getConnection(url(""), USER, password).close();
			PrivateFiles.write(file, password);
			return password;
		}
		Path next = this.directory.resolve(file.getFileName() + ".renewing");
		try (Connection connection = openExisting(next); Statement statement = connection.createStatement()) {
			PrivateFiles.write(next, password);
			statement.execute("ALTER USER " + USER + " SET PASSWORD '" + password + "'");
		}
		Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		return password;
	}

	Path credentialsFile() {
		return this.directory.resolve(this.database + ".credentials");
	}

	/**
	 * Opens the existing database with the recorded password, or the one a run that
	 * stopped while renewing it had recorded, or, for a database made before it had
	 * credentials, as {@code sa}, which is then replaced by {@value #USER}.
	 */
	private Connection openExisting(Path renewing) throws IOException, SQLException {
		List<String> recorded = new ArrayList<>();
		for (Path file : List.of(credentialsFile(), renewing)) {
			if (Files.exists(file)) {
				recorded.add(Files.readString(file).strip());
			}
		}
		for (String password : recorded) {
			Connection connection = connect(USER, password);
			if (connection != null) {
				return connection;
			}
		}
		Connection legacy = connect(LEGACY_USER, "");
		if (legacy == null) {
			throw new IllegalStateException("Cannot open the embedded job repository in " + this.directory
					+ ": it was created with credentials that " + credentialsFile().getFileName()
					+ " beside it does not hold. Delete " + this.directory
					+ " to start afresh, or set spring.datasource.url (with its username and password) to use it "
					+ "as a database of your own.");
		}
		return replaceLegacyAdministrator(legacy);
	}

	private Connection replaceLegacyAdministrator(Connection legacy) throws SQLException {
		String temporary = newPassword();
		try (legacy; Statement statement = legacy.createStatement()) {
			statement.execute("CREATE USER IF NOT EXISTS " + USER + " PASSWORD '" + temporary + "' ADMIN");
		}
		Connection connection = DriverManager.getConnection(url(""), USER, temporary);
		try (Statement statement = connection.createStatement()) {
			statement.execute("DROP USER " + LEGACY_USER);
		}
		return connection;
	}

	private @Nullable Connection connect(String user, String password) throws SQLException {
		try {
			return DriverManager.getConnection(url(";IFEXISTS=TRUE"), user, password);
		}
		catch (SQLException ex) {
			if (ex.getErrorCode() == ErrorCode.WRONG_USER_OR_PASSWORD) {
				return null;
			}
			throw ex;
		}
	}

	private String url(String settings) {
		return "jdbc:h2:file:" + this.directory.resolve(this.database) + settings;
	}

	static String newPassword() {
		byte[] bytes = new byte[24];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
