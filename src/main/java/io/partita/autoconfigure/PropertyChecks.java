package io.partita.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The checks Partita's properties share, each refusing a bad value with an
 * {@link InvalidPartitaPropertyException} that names the fix.
 */
final class PropertyChecks {

	private PropertyChecks() {
	}

	static void requirePositive(String name, int value, String defaultValue) {
		if (value < 1) {
			throw new InvalidPartitaPropertyException(name, value, "must be at least 1",
					"Set it to a positive number (default " + defaultValue + ").");
		}
	}

	static void requirePositive(String name, @Nullable Duration value, String defaultValue) {
		if (value != null && (value.isNegative() || value.isZero())) {
			throw new InvalidPartitaPropertyException(name, value, "must be a positive duration",
					"Set it to a positive duration such as 30s or 5m (default " + defaultValue + ").");
		}
	}

	static void requireNotNegative(String name, int value, String action) {
		if (value < 0) {
			throw new InvalidPartitaPropertyException(name, value, "must not be negative", action);
		}
	}

	static void requireMaxFailedIndexes(String name, @Nullable Integer value) {
		if (value != null && value < 0) {
			throw new InvalidPartitaPropertyException(name, value, "must not be negative",
					"Set it to 0 (the first failed index ends the Indexed Job) or more, or leave it unset (no limit).");
		}
	}

}
