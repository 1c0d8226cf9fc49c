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
 * The threads on which a {@link NodeAgent} does its pod work: the work of one pod always
 * on the same thread, in event order, so that no pod's state is shared between threads.
 * One thread by default; more let a node agent that runs thousands of pods make API calls
 * for several pods at once. Failures of a task are printed, not propagated; once closed,
 * tasks are dropped.
 */
final class AgentLoop implements AutoCloseable {

	private static final Duration CALL_TIMEOUT = Duration.ofMinutes(1);

	private final ScheduledExecutorService[] threads;

	private volatile boolean closed;

	AgentLoop() {
		this(1);
	}

	/**
	 * A loop of the given number of threads.
	 * @param threads how many threads
	 */
	AgentLoop(int threads) {
		this.threads = new ScheduledExecutorService[threads];
		for (int i = 0; i < threads; i++) {
			String name = (threads == 1) ? "node-agent" : "node-agent-" + i;
			this.threads[i] = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, name);
				thread.setDaemon(true);
				return thread;
			});
		}
	}

	/**
	 * Runs a task of a pod on the loop, later.
	 * @param pod the pod's {@code namespace/name}
	 * @param task the task
	 */
	void execute(String pod, Runnable task) {
		try {
			thread(pod).execute(guarded(task));
		}
		catch (RejectedExecutionException ex) {
			// closed
		}
	}

	/**
	 * Runs a task of a pod on the loop after a delay.
	 * @param pod the pod's {@code namespace/name}
	 * @param task the task
	 * @param delay the delay
	 * @return the scheduled task, to cancel it
	 */
	ScheduledFuture<?> schedule(String pod, Runnable task, Duration delay) {
		return thread(pod).schedule(guarded(task), delay.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Runs a task of a pod on the loop and waits for its result.
	 * @param <T> the result type
	 * @param pod the pod's {@code namespace/name}
	 * @param task the task
	 * @return its result
	 * @throws RuntimeException what the task threw
	 */
	<T> T call(String pod, Callable<T> task) {
		return call(thread(pod), task);
	}

	/**
	 * Runs a last task once every task started has finished, then drops whatever else is
	 * queued or scheduled.
	 * @param last the last task, such as killing every container
	 */
	void close(Runnable last) {
		if (this.closed) {
			return;
		}
		if (this.threads.length == 1) {
			try {
				call(this.threads[0], () -> {
					this.closed = true;
					last.run();
					return null;
				});
			}
			finally {
				close();
			}
			return;
		}
		close();
		last.run();
	}

	@Override
	public void close() {
		this.closed = true;
		for (ScheduledExecutorService thread : this.threads) {
			thread.shutdownNow();
		}
		try {
			for (ScheduledExecutorService thread : this.threads) {
				thread.awaitTermination(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private ScheduledExecutorService thread(String pod) {
		return this.threads[Math.floorMod(pod.hashCode(), this.threads.length)];
	}

	private static <T> T call(ScheduledExecutorService thread, Callable<T> task) {
		Future<T> result = thread.submit(task);
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
