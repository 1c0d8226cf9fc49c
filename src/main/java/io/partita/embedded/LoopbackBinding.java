package io.partita.embedded;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.h2.engine.SysProperties;
import org.jspecify.annotations.Nullable;

/**
 * Binds H2's servers to the loopback interface. H2 takes the address its servers listen
 * on from the {@code h2.bindAddress} system property, read once when its engine is first
 * used, and otherwise listens on every interface; the property is set here when it is not
 * set yet, and the embedded job repository is refused when H2 has already read another
 * value.
 */
final class LoopbackBinding {

	static final String ADDRESS = "127.0.0.1";

	static final String PROPERTY = "h2.bindAddress";

	private LoopbackBinding() {
	}

	static void apply() {
		if (System.getProperty(PROPERTY) == null) {
			System.setProperty(PROPERTY, ADDRESS);
		}
		check(SysProperties.BIND_ADDRESS);
	}

	static void check(@Nullable String bindAddress) {
		if (!isLoopback(bindAddress)) {
			throw new EmbeddedDatabaseNotPrivateException("The embedded job repository would listen on "
					+ ((bindAddress != null) ? bindAddress : "every network interface")
					+ ", where others could reach it: H2 read " + PROPERTY + " before Partita could set it to "
					+ ADDRESS + ". Start the JVM with -D" + PROPERTY + "=" + ADDRESS
					+ ", or set spring.datasource.url to a database of your own.");
		}
	}

	private static boolean isLoopback(@Nullable String bindAddress) {
		if (bindAddress == null || bindAddress.isBlank()) {
			return false;
		}
		try {
			for (InetAddress address : InetAddress.getAllByName(bindAddress)) {
				if (!address.isLoopbackAddress()) {
					return false;
				}
			}
			return true;
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

}
