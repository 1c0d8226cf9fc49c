package io.partita.embedded;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The embedded job repository is private to the job: who does not run it cannot reach it.
 */
class EmbeddedDatabaseServerTests {

	@TempDir
	private Path directory;

	@Test
	void credentialsAreNeitherSaNorEmptyAndReachWorkersThroughTheirEnvironment() {
		withServer((server) -> {
			Map<String, String> environment = server.environment();
			assertThat(environment.get("SPRING_DATASOURCE_USERNAME")).isNotEqualToIgnoringCase("sa");
			assertThat(environment.get("SPRING_DATASOURCE_PASSWORD")).hasSizeGreaterThanOrEqualTo(32);
			assertThat(query(server.getUrl(), environment.get("SPRING_DATASOURCE_USERNAME"),
					environment.get("SPRING_DATASOURCE_PASSWORD")))
				.isEqualTo(1);
			return null;
		});
	}

	@Test
	void connectionsWithoutTheRunsPasswordAreRefused() {
		withServer((server) -> {
			for (List<String> credentials : List.of(List.of("sa", ""), List.of(server.getUsername(), ""),
					List.of(server.getUsername(), "partita"))) {
				assertThatExceptionOfType(SQLException.class)
					.isThrownBy(
							() -> DriverManager.getConnection(server.getUrl(), credentials.get(0), credentials.get(1)))
					.withMessageContaining("Wrong user name or password");
			}
			return null;
		});
	}

	@Test
	void serverCreatesNoDatabaseForWhoeverConnects() {
		withServer((server) -> {
			String other = server.getUrl().replace("/partita", "/intruder");
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> DriverManager.getConnection(other, "intruder", "intruder"))
				.withMessageContaining("not found");
			assertThat(this.directory.resolve("intruder.mv.db")).doesNotExist();
			return null;
		});
	}

	@Test
	void serverListensOnTheLoopbackInterfaceOnly() {
		Optional<InetAddress> external = nonLoopbackAddress();
		assumeTrue(external.isPresent(), "this machine has no network address other than loopback");
		withServer((server) -> {
			assertThat(connects(InetAddress.getLoopbackAddress(), server.getPort())).isTrue();
			assertThatExceptionOfType(ConnectException.class)
				.isThrownBy(() -> connects(external.get(), server.getPort()));
			return null;
		});
	}

	@Test
	void eachRunGetsANewPasswordAndTheLastOneNoLongerWorks() {
		String first = withServer((server) -> {
			new JdbcTemplate(dataSource(server)).execute("CREATE TABLE KEPT (ID INT)");
			return server.getPassword();
		});

		withServer((server) -> {
			assertThat(server.getPassword()).isNotEqualTo(first);
			assertThat(new JdbcTemplate(dataSource(server)).queryForObject("SELECT COUNT(*) FROM KEPT", Integer.class))
				.isZero();
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> DriverManager.getConnection(server.getUrl(), server.getUsername(), first));
			return null;
		});
	}

	@Test
	void databaseFilesAndCredentialsAreReadableByTheirOwnerOnly() throws IOException {
		Path db = this.directory.resolve("db");
		withServer(db, (server) -> null);

		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(db))).isEqualTo("rwx------");
		try (Stream<Path> files = Files.list(db)) {
			assertThat(files.toList()).extracting((file) -> file.getFileName().toString())
				.contains("partita.mv.db", "partita.credentials");
		}
		try (Stream<Path> files = Files.list(db)) {
			files.forEach((file) -> assertThat(permissions(file)).as(file.toString()).isEqualTo("rw-------"));
		}
	}

	@Test
	void anotherOperatingSystemUserCannotReadTheDatabaseOrItsCredentials() throws Exception {
		assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/sbin/runuser")),
				"needs root to act as another user");
		Path db = this.directory.resolve("db");
		withServer(db, (server) -> null);
		Files.setPosixFilePermissions(this.directory, PosixFilePermissions.fromString("rwxr-xr-x"));

		for (String file : List.of("partita.credentials", "partita.mv.db")) {
			Process cat = new ProcessBuilder("/usr/sbin/runuser", "-u", "nobody", "--", "cat",
					db.resolve(file).toString())
				.redirectErrorStream(true)
				.start();
			String output = new String(cat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(cat.waitFor(1, TimeUnit.MINUTES)).isTrue();
			assertThat(cat.exitValue()).as(output).isNotZero();
			assertThat(output).contains("Permission denied");
		}
	}

	@Test
	void databaseOfAnEarlierVersionWithSaAndAnEmptyPasswordLosesThatAccount() throws SQLException {
		Path db = this.directory.resolve("db");
		try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + db.resolve("partita"), "sa", "")) {
			connection.createStatement().execute("CREATE TABLE KEPT (ID INT)");
		}

		withServer(db, (server) -> {
			assertThat(new JdbcTemplate(dataSource(server)).queryForObject("SELECT COUNT(*) FROM KEPT", Integer.class))
				.isZero();
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> DriverManager.getConnection(server.getUrl(), "sa", ""));
			return null;
		});
	}

	@Test
	void databaseWhoseCredentialsAreLostIsRefusedNamingTheFix() throws IOException {
		Path db = this.directory.resolve("db");
		withServer(db, (server) -> null);
		Files.delete(db.resolve("partita.credentials"));

		assertThatIllegalStateException().isThrownBy(() -> new EmbeddedDatabaseServer(db, 0))
			.withMessageContaining("partita.credentials beside it does not hold")
			.withMessageContaining("Delete " + db.toAbsolutePath());
	}

	@Test
	void bindAddressOtherThanLoopbackIsRefusedNamingTheFix() {
		assertThatExceptionOfType(EmbeddedDatabaseNotPrivateException.class)
			.isThrownBy(() -> LoopbackBinding.check(null))
			.withMessageContaining("every network interface")
			.withMessageContaining("-Dh2.bindAddress=127.0.0.1")
			.withMessageContaining("spring.datasource.url");
		assertThatExceptionOfType(EmbeddedDatabaseNotPrivateException.class)
			.isThrownBy(() -> LoopbackBinding.check("0.0.0.0"));
		LoopbackBinding.check("127.0.0.1");
		LoopbackBinding.check("localhost");
	}

	private <T> T withServer(ServerAction<T> action) {
		return withServer(this.directory, action);
	}

	private <T> T withServer(Path directory, ServerAction<T> action) {
		EmbeddedDatabaseServer server = new EmbeddedDatabaseServer(directory, 0);
		try {
			return action.apply(server);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		finally {
			server.destroy();
		}
	}

	private static SingleConnectionDataSource dataSource(EmbeddedDatabaseServer server) {
		return new SingleConnectionDataSource(server.getUrl(), server.getUsername(), server.getPassword(), true);
	}

	private static int query(String url, String user, String password) {
		return new JdbcTemplate(new SingleConnectionDataSource(url, user, password, true)).queryForObject("SELECT 1",
				Integer.class);
	}

	private static boolean connects(InetAddress address, int port) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(address, port), 10_000);
			return true;
		}
	}

	private static String permissions(Path file) {
		try {
			return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Optional<InetAddress> nonLoopbackAddress() {
		try {
			return Collections.list(NetworkInterface.getNetworkInterfaces()).stream().filter((network) -> {
				try {
					return network.isUp() && !network.isLoopback();
				}
				catch (SocketException ex) {
					return false;
				}
			})
				.flatMap((network) -> Collections.list(network.getInetAddresses()).stream())
				.filter((address) -> address instanceof Inet4Address)
				.findFirst();
		}
		catch (SocketException ex) {
			return Optional.empty();
		}
	}

	@FunctionalInterface
	private interface ServerAction<T> {

		T apply(EmbeddedDatabaseServer server) throws Exception;

	}

}
