package io.partita.ops.endpoint;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.partita.support.SecretKeys;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.Sanitizer;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.util.Assert;

/**
 * Decides how the {@link PartitaEndpoint} shows job parameters to the one who asks, with
 * Spring Boot's {@link Sanitizer}, the application's {@link SanitizingFunction}s and
 * {@code management.endpoint.partita.show-values}:
 * <ul>
 * <li>unset (the default): the values of {@link SecretKeys#isLikelySecret likely secrets}
 * are masked, and whatever the sanitizing functions mask; the others are shown;</li>
 * <li>{@link Show#NEVER}: every value is masked;</li>
 * <li>{@link Show#ALWAYS}: every value is shown, except what the sanitizing functions
 * mask, as Spring Boot's own endpoints do;</li>
 * <li>{@link Show#WHEN_AUTHORIZED}: as {@code ALWAYS} to an authenticated user in one of
 * the roles (any authenticated user when no role is given), as unset to anyone else.</li>
 * </ul>
 */
public class JobParameterSanitizer {

	private final @Nullable Show showValues;

	private final Set<String> roles;

	private final Sanitizer shown;

	private final Sanitizer likelySecretsMasked;

	/**
	 * Creates a sanitizer.
	 * @param showValues when to show values unsanitized, {@code null} to mask likely
	 * secrets only
	 * @param roles the roles allowed to see unsanitized values with
	 * {@link Show#WHEN_AUTHORIZED}; empty for every authenticated user
	 * @param sanitizingFunctions the application's sanitizing functions, applied in order
	 * before Partita's own
	 */
	public JobParameterSanitizer(@Nullable Show showValues, Set<String> roles,
			Collection<SanitizingFunction> sanitizingFunctions) {
		Assert.notNull(roles, "roles must not be null");
		Assert.notNull(sanitizingFunctions, "sanitizingFunctions must not be null");
		this.showValues = showValues;
		this.roles = Set.copyOf(roles);
		this.shown = new Sanitizer(List.copyOf(sanitizingFunctions));
		List<SanitizingFunction> withLikelySecrets = new ArrayList<>(sanitizingFunctions);
		withLikelySecrets.add(SanitizingFunction.sanitizeValue().ifKeyMatches(SecretKeys::isLikelySecret));
		this.likelySecretsMasked = new Sanitizer(withLikelySecrets);
	}

	/**
	 * Returns the parameters as the one who asks may see them.
	 * @param parameters the parameters' values by name
	 * @param securityContext who asks
	 * @return the parameters, in the same order, with the values they may not see masked
	 */
	public Map<String, @Nullable String> sanitize(Map<String, ? extends @Nullable String> parameters,
			SecurityContext securityContext) {
		boolean showUnsanitized = this.showValues != Show.NEVER;
		Sanitizer sanitizer = (this.showValues != null && this.showValues.isShown(securityContext, this.roles))
				? this.shown : this.likelySecretsMasked;
		Map<String, @Nullable String> sanitized = new LinkedHashMap<>();
		parameters.forEach((name, value) -> {
			Object shownValue = sanitizer.sanitize(new SanitizableData(null, name, value), showUnsanitized);
			sanitized.put(name, (shownValue != null) ? shownValue.toString() : null);
		});
		return sanitized;
	}

}
