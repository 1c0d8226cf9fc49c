package io.partita.ops.endpoint;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each {@code management.endpoint.partita.show-values} shows of job parameters, to
 * whom, with and without the application's sanitizing functions.
 */
class JobParameterSanitizerTests {

	private static final String MASK = "******";

	private static final SecurityContext OPERATOR = user("ROLE_OPERATOR");

	private static final SecurityContext VIEWER = user("ROLE_VIEWER");

	private final Map<String, String> parameters = parameters();

	@Test
	void byDefaultLikelySecretsAreMaskedAndOtherParametersShown() {
		JobParameterSanitizer sanitizer = new JobParameterSanitizer(null, Set.of(), List.of());

		assertThat(sanitizer.sanitize(this.parameters, SecurityContext.NONE)).containsExactly(
				Map.entry("apiToken", MASK), Map.entry("password", MASK), Map.entry("transactions", "100"));
		assertThat(sanitizer.sanitize(this.parameters, OPERATOR)).containsEntry("password", MASK);
	}

	@Test
	void neverMasksEveryValue() {
		JobParameterSanitizer sanitizer = new JobParameterSanitizer(Show.NEVER, Set.of(), List.of());

		assertThat(sanitizer.sanitize(this.parameters, OPERATOR)).containsOnlyKeys(this.parameters.keySet())
			.allSatisfy((name, value) -> assertThat(value).isEqualTo(MASK));
	}

	@Test
	void alwaysShowsEveryValueToAnyone() {
		JobParameterSanitizer sanitizer = new JobParameterSanitizer(Show.ALWAYS, Set.of(), List.of());

		assertThat(sanitizer.sanitize(this.parameters, SecurityContext.NONE)).isEqualTo(this.parameters);
	}

	@Test
	void whenAuthorizedShowsEveryValueToTheRolesAndMasksLikelySecretsForOthers() {
		JobParameterSanitizer sanitizer = new JobParameterSanitizer(Show.WHEN_AUTHORIZED, Set.of("ROLE_OPERATOR"),
				List.of());

		assertThat(sanitizer.sanitize(this.parameters, OPERATOR)).isEqualTo(this.parameters);
		assertThat(sanitizer.sanitize(this.parameters, VIEWER)).containsEntry("password", MASK)
			.containsEntry("transactions", "100");
		assertThat(sanitizer.sanitize(this.parameters, SecurityContext.NONE)).containsEntry("apiToken", MASK);
	}

	@Test
	void whenAuthorizedWithoutRolesShowsEveryValueToAnyAuthenticatedUser() {
		JobParameterSanitizer sanitizer = new JobParameterSanitizer(Show.WHEN_AUTHORIZED, Set.of(), List.of());

		assertThat(sanitizer.sanitize(this.parameters, VIEWER)).isEqualTo(this.parameters);
		assertThat(sanitizer.sanitize(this.parameters, SecurityContext.NONE)).containsEntry("password", MASK);
	}

	@Test
	void sanitizingFunctionsOfTheApplicationMaskByDefaultAndWithAlways() {
		List<SanitizingFunction> functions = List.of(SanitizingFunction.sanitizeValue().ifKeyEquals("transactions"));

		assertThat(new JobParameterSanitizer(null, Set.of(), functions).sanitize(this.parameters, OPERATOR))
			.containsExactly(Map.entry("apiToken", MASK), Map.entry("password", MASK), Map.entry("transactions", MASK));
		assertThat(new JobParameterSanitizer(Show.ALWAYS, Set.of(), functions).sanitize(this.parameters, OPERATOR))
			.containsExactly(Map.entry("apiToken", "abc"), Map.entry("password", "hunter2"),
					Map.entry("transactions", MASK));
	}

	private static Map<String, String> parameters() {
		Map<String, String> parameters = new LinkedHashMap<>();
		parameters.put("apiToken", "abc");
		parameters.put("password", "hunter2");
		parameters.put("transactions", "100");
		return parameters;
	}

	private static SecurityContext user(String role) {
		Principal principal = () -> "operator";
		return new SecurityContext() {

			@Override
			public @Nullable Principal getPrincipal() {
				return principal;
			}

			@Override
			public boolean isUserInRole(String name) {
				return role.equals(name);
			}

		};
	}

}
