package io.partita.ops.info;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.util.Assert;

/**
 * An {@link InfoContributor} that tells which Partita runs the manager: its version, its
 * launcher and, with the Kubernetes launcher, the namespace of its workers.
 */
public class PartitaInfoContributor implements InfoContributor {

	private final Map<String, Object> details = new LinkedHashMap<>();

	/**
	 * Creates a contributor for a manager.
	 * @param launcher the name of the launcher
	 * @param namespace the namespace of the worker Jobs, or {@code null} when the
	 * launcher is not Kubernetes
	 */
	public PartitaInfoContributor(String launcher, @Nullable String namespace) {
		Assert.hasText(launcher, "launcher must not be empty");
		this.details.put("version", version());
		this.details.put("launcher", launcher);
		if (namespace != null) {
			this.details.put("namespace", namespace);
		}
	}

	@Override
	public void contribute(Info.Builder builder) {
		builder.withDetail("partita", this.details);
	}

	/**
	 * Returns the version of Partita, as its build recorded it.
	 */
	public static String version() {
		try (InputStream input = PartitaInfoContributor.class.getResourceAsStream("partita-version.properties")) {
			Assert.state(input != null, "partita-version.properties is missing from the Partita jar");
			Properties properties = new Properties();
			properties.load(input);
			return properties.getProperty("version");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
