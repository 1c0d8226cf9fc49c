package io.partita.autoconfigure;

import java.util.LinkedHashSet;
import java.util.Set;

import io.partita.ops.endpoint.PartitaEndpoint;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the Actuator endpoint {@link PartitaEndpoint partita},
 * beside Actuator's own {@code management.endpoint.partita.access}, as Spring Boot's
 * {@code management.endpoint.env.*} are.
 */
@ConfigurationProperties("management.endpoint.partita")
public class PartitaEndpointProperties {

	/**
	 * When to show job parameters unsanitized. When unset, the values of parameters named
	 * like secrets (ending with password, secret, key or token, or containing credential)
	 * are masked and the others shown; with when-authorized, users who are not authorized
	 * see them so.
	 */
	private @Nullable Show showValues;

	/**
	 * Comma-separated list of roles that may see unsanitized job parameters with
	 * show-values when-authorized. When empty, every authenticated user may.
	 */
	private final Set<String> roles = new LinkedHashSet<>();

	public @Nullable Show getShowValues() {
		return this.showValues;
	}

	public void setShowValues(@Nullable Show showValues) {
		this.showValues = showValues;
	}

	public Set<String> getRoles() {
		return this.roles;
	}

}
