package io.partita.embedded;

/**
 * Thrown when the embedded job repository cannot be served privately, so that it is not
 * served at all.
 */
public class EmbeddedDatabaseNotPrivateException extends IllegalStateException {

	EmbeddedDatabaseNotPrivateException(String message) {
		super(message);
	}

}
