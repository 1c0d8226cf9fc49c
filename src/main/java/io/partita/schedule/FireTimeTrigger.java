package io.partita.schedule;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.Trigger;
import org.springframework.scheduling.TriggerContext;
import org.springframework.util.Assert;

/**
 * A {@link Trigger} that remembers the time it last scheduled, so that the task it runs
 * knows the time it was scheduled for: a task scheduler computes the next time only after
 * the current run, so while a run executes, {@link #fireTime()} is its own.
 */
final class FireTimeTrigger implements Trigger {

	private final Trigger delegate;

	private volatile @Nullable Instant fireTime;

	FireTimeTrigger(Trigger delegate) {
		this.delegate = delegate;
	}

	@Override
	public @Nullable Instant nextExecution(TriggerContext triggerContext) {
		Instant next = this.delegate.nextExecution(triggerContext);
		this.fireTime = next;
		return next;
	}

	Instant fireTime() {
		Instant current = this.fireTime;
		Assert.state(current != null, "Not scheduled yet");
		return current;
	}

}
