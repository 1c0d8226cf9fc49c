package io.partita.worker;

import java.util.List;

import org.springframework.util.Assert;

/**
 * Decides whether a failed step execution may be retried: it may not when one of its
 * failure exceptions, or any of their causes, is of a type configured as not retryable.
 */
public class WorkerFailureClassifier {

	private final List<Class<? extends Throwable>> nonRetryableTypes;

	public WorkerFailureClassifier(List<Class<? extends Throwable>> nonRetryableTypes) {
		Assert.notNull(nonRetryableTypes, "nonRetryableTypes must not be null");
		this.nonRetryableTypes = List.copyOf(nonRetryableTypes);
	}

	public boolean isRetryable(List<Throwable> failures) {
		return failures.stream().noneMatch(this::isNonRetryable);
	}

	private boolean isNonRetryable(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			for (Class<? extends Throwable> type : this.nonRetryableTypes) {
				if (type.isInstance(cause)) {
					return true;
				}
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

}
