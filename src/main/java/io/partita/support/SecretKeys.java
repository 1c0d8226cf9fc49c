package io.partita.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Tells which named values, such as job parameters, are likely secrets by their key, and
 * masks them where Partita prints them (log lines, start-up failures), which have no
 * reader to authorize: a key is a likely secret when it ends with {@code password},
 * {@code secret}, {@code key} or {@code token}, or contains {@code credential}, ignoring
 * case, as Spring Boot's {@code SanitizingFunction.ifLikelyCredential()} decides (and
 * Spring Boot 2's default {@code Sanitizer} did). The Actuator endpoint {@code partita}
 * masks the same keys by default.
 */
public final class SecretKeys {

	/**
	 * What a masked value is shown as, the value of Spring Boot's
	 * {@code SanitizableData.SANITIZED_VALUE}.
	 */
	public static final String MASK = "******";

	private static final List<String> SUFFIXES = List.of("password", "secret", "key", "token");

	private static final String CREDENTIAL = "credential";

	private SecretKeys() {
	}

	/**
	 * Returns whether a value of the given key is likely a secret.
	 * @param key the key, such as a job parameter's name
	 * @return whether it looks like the key of a password, secret, key, token or
	 * credential
	 */
	public static boolean isLikelySecret(String key) {
		String lowerCase = key.toLowerCase(Locale.ROOT);
		return lowerCase.contains(CREDENTIAL) || SUFFIXES.stream().anyMatch(lowerCase::endsWith);
	}

	/**
	 * Returns a copy of the given values, in the same order, with the values of likely
	 * secrets replaced by {@value #MASK}, for printing.
	 * @param values the values by key
	 * @return the values to print
	 */
	public static Map<String, @Nullable Object> mask(Map<String, ? extends @Nullable Object> values) {
		Map<String, @Nullable Object> masked = new LinkedHashMap<>();
		values.forEach((key, value) -> masked.put(key, isLikelySecret(key) ? MASK : value));
		return masked;
	}

}
