package io.partita.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Retry settings.
 */
public class RetryProperties {

	/**
	 * Comma-separated list of exception types that fail a partition without retry (worker
	 * exit code 2). A failure matches when the exception or one of its causes is of such
	 * a type.
	 */
	private List<Class<? extends Throwable>> nonRetryableExceptions = new ArrayList<>();

	/**
	 * Maximum number of attempts of a partition, the first included. A failed partition
	 * is launched again, from its saved execution context, unless its failure was not
	 * retryable (worker exit code 2 or 3) or the manager stopped its worker.
	 */
	private int maxAttempts = 3;

	/**
	 * Maximum number of times a partition is launched again after its platform ended its
	 * worker (evicted, preempted, node lost, its Job deleted by someone else); such
	 * attempts are not charged to max-attempts.
	 */
	private int maxDisruptions = 5;

	/**
	 * Pause before the first retry of a partition.
	 */
	private Duration initialInterval = Duration.ofSeconds(1);

	/**
	 * Factor applied to the pause before each further retry.
	 */
	private double multiplier = 2;

	/**
	 * Longest pause between two attempts of a partition.
	 */
	private Duration maxInterval = Duration.ofSeconds(30);

	public int getMaxAttempts() {
		return this.maxAttempts;
	}

	public void setMaxAttempts(int maxAttempts) {
		this.maxAttempts = maxAttempts;
	}

	public int getMaxDisruptions() {
		return this.maxDisruptions;
	}

	public void setMaxDisruptions(int maxDisruptions) {
		this.maxDisruptions = maxDisruptions;
	}

	public Duration getInitialInterval() {
		return this.initialInterval;
	}

	public void setInitialInterval(Duration initialInterval) {
		this.initialInterval = initialInterval;
	}

	public double getMultiplier() {
		return this.multiplier;
	}

	public void setMultiplier(double multiplier) {
		this.multiplier = multiplier;
	}

	public Duration getMaxInterval() {
		return this.maxInterval;
	}

	public void setMaxInterval(Duration maxInterval) {
		this.maxInterval = maxInterval;
	}

	/**
	 * Returns the pauses between attempts as a {@link BackOff}.
	 */
	public BackOff backOff() {
		ExponentialBackOff backOff = new ExponentialBackOff(this.initialInterval.toMillis(), this.multiplier);
		backOff.setMaxInterval(this.maxInterval.toMillis());
		return backOff;
	}

	public List<Class<? extends Throwable>> getNonRetryableExceptions() {
		return this.nonRetryableExceptions;
	}

	public void setNonRetryableExceptions(List<Class<? extends Throwable>> nonRetryableExceptions) {
		this.nonRetryableExceptions = nonRetryableExceptions;
	}

	void validate() {
		PropertyChecks.requirePositive("partita.retry.max-attempts", this.maxAttempts, "3");
		PropertyChecks.requireNotNegative("partita.retry.max-disruptions", this.maxDisruptions,
				"Set it to 0 (disruptions count as failures) or more (default 5).");
		if (this.multiplier < 1) {
			throw new InvalidPartitaPropertyException("partita.retry.multiplier", this.multiplier, "must be at least 1",
					"Set it to 1 (equal pauses) or more (default 2).");
		}
	}

}
