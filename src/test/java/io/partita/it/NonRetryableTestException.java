package io.partita.it;

/**
 * A failure the test configuration lists in
 * {@code partita.retry.non-retryable-exceptions}.
 */
public class NonRetryableTestException extends RuntimeException {

	public NonRetryableTestException(String message) {
		super(message);
	}

}
