package io.partita.autoconfigure;

/**
 * Thrown when a {@code partita.*} property has a value Partita cannot work with; reported
 * at start-up by {@link InvalidPartitaPropertyFailureAnalyzer} before anything is
 * launched.
 */
public class InvalidPartitaPropertyException extends RuntimeException {

	private final String property;

	private final String action;

	public InvalidPartitaPropertyException(String property, Object value, String problem, String action) {
		super(property + " is " + value + " but " + problem);
		this.property = property;
		this.action = action;
	}

	public String getProperty() {
		return this.property;
	}

	public String getAction() {
		return this.action;
	}

}
