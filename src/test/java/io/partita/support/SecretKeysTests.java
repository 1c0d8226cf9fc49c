package io.partita.support;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which keys are likely secrets, and how their values are masked for log lines.
 */
class SecretKeysTests {

	@Test
	void keysOfPasswordsSecretsKeysTokensAndCredentialsAreLikelySecretsIgnoringCase() {
		assertThat(new String[] { "password", "db.PASSWORD", "clientSecret", "apiKey", "api_key", "apiToken",
				"ACCESS-TOKEN", "credentials", "awsCredentialFile" })
			.allMatch(SecretKeys::isLikelySecret);
	}

	@Test
	void otherKeysAreNotLikelySecrets() {
		assertThat(new String[] { "transactions", "partitions", "run.id", "passwordHint", "keystoreType", "tokens" })
			.noneMatch(SecretKeys::isLikelySecret);
	}

	@Test
	void maskReplacesTheValuesOfLikelySecretsOnlyAndKeepsTheOrder() {
		Map<String, Object> parameters = new LinkedHashMap<>();
		parameters.put("transactions", 100);
		parameters.put("password", "hunter2");
		parameters.put("apiToken", "abc");
		parameters.put("run.id", 3L);

		Map<String, Object> masked = SecretKeys.mask(parameters);

		assertThat(masked).containsExactly(Map.entry("transactions", 100), Map.entry("password", "******"),
				Map.entry("apiToken", "******"), Map.entry("run.id", 3L));
		assertThat(masked.toString()).doesNotContain("hunter2").doesNotContain("abc");
		assertThat(parameters).containsEntry("password", "hunter2");
	}

}
