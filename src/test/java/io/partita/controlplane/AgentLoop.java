package io.partita.controlplane;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one thread on which a {@link NodeAgent} does all its pod work, in event order, so
 * that no pod state is shared between threads. Failures of a task are printed, not
 * propagated; once closed, tasks are dropped.
 */
final class AgentLoop implements AutoCloseable {

	private static final Duration CALL_TIMEOUT = Duration.ofMinutes(1);

	private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "node-agent");
		thread.setDaemon(true);
		return thread;
	});

	private volatile boolean closed;

	/**
	 * Runs a task on the loop, later.
	 * @param task the task
	 */
	void execute(Runnable task) {
		try {
			this.executor.execute(guarded(task));
		}
		catch (RejectedExecutionException ex) {
			// closed
		}
	}

	/**
	 * Runs a task on the loop after a delay.
	 * @param task the task
	 * @param delay the delay
	 * @return the scheduled task, to cancel it
	 */
	ScheduledFuture<?> schedule(Runnable task, Duration delay) {
		return this.executor.schedule(guarded(task), delay.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Runs a task on the loop and waits for its result.
	 * @param <T> the result type
	 * @param task the task
	 * @return its result
	 * @throws RuntimeException what the task threw
	 */
	<T> T call(Callable<T> task) {
		Future<T> result = this.executor.submit(task);
		try {
			return result.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException(ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("NodeAgent did not answer within " + CALL_TIMEOUT, ex);
		}
	}

	/**
	 * Runs a last task, then drops whatever else is queued or scheduled.
	 * @param last the last task, such as killing every container
	 */
	void close(Runnable last) {
		if (this.closed) {
			return;
		}
		try {
			call(() -> {
				this.closed = true;
				last.run();
				return null;
			});
		}
		finally {
			this.closed = true;
			close();
		}
	}

	@Override
	public void close() {
		this.closed = true;
		this.executor.shutdownNow();
		try {
			this.executor.awaitTermination(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private Runnable guarded(Runnable task) {
		return () -> {
			if (this.closed) {
				return;
			}
			try {
				task.run();
			}
			catch (RuntimeException ex) {
				System.err.println("NodeAgent: " + ex);
				ex.printStackTrace();
			}
		};
	}

}
