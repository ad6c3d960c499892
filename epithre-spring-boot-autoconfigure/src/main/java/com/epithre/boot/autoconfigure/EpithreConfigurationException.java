package com.epithre.boot.autoconfigure;

/**
 * Thrown at start-up when an {@code epithre.*} property holds a value the client cannot work with. The message names
 * the property, what is wrong and the fix, never more of an API key than its first 12 characters; Spring Boot's
 * failure analysis prints {@link #getDescription() what is wrong} and {@link #getAction() the fix} in place of a stack
 * trace.
 *
 * @since 0.1.0
 */
public class EpithreConfigurationException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final String property;

	private final String description;

	private final String action;

	/**
	 * Create an exception; modules beside the starter, such as the Spring AI one, use it for their own
	 * {@code epithre.*} properties.
	 * @param property the property at fault, such as {@code epithre.api-key}
	 * @param description what is wrong with it
	 * @param action how to fix it
	 */
	public EpithreConfigurationException(String property, String description, String action) {
		super(description + " " + action);
		this.property = property;
		this.description = description;
		this.action = action;
	}

	/**
	 * Return the property at fault.
	 * @return the property name, such as {@code epithre.concurrency.max-in-flight}
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * Return what is wrong with the property.
	 * @return the description
	 */
	public String getDescription() {
		return this.description;
	}

	/**
	 * Return how to fix the configuration.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
