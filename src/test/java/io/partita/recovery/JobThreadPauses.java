package io.partita.recovery;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.scope.context.JobContext;
import org.springframework.batch.core.scope.context.JobSynchronizationManager;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Holds a job's own thread before one of its SQL statements until a stop, made on another
 * thread, has been committed: the way to land a stop at an exact point of a run's life.
 * The points are the job thread's statements in a transaction that has written nothing
 * yet; a stop cannot land inside a transaction that has, since the job thread holds the
 * row locks the stop waits for. Wraps the application's {@link DataSource}.
 */
final class JobThreadPauses implements BeanPostProcessor {

	private static final Duration SAFETY_NET = Duration.ofSeconds(60);

	private static final Pattern WRITE = Pattern.compile("^\\s*(insert|update|delete|merge)\\b",
			Pattern.CASE_INSENSITIVE);

	private static final Pattern JOB_EXECUTION_UPDATE = Pattern.compile("^\\s*update\\s+batch_job_execution\\s+set\\b",
			Pattern.CASE_INSENSITIVE);

	private final AtomicInteger points = new AtomicInteger();

	private volatile Predicate<JobExecution> target = (execution) -> false;

	private volatile int holdAt;

	private volatile CompletableFuture<Long> held = new CompletableFuture<>();

	private volatile CountDownLatch released = new CountDownLatch(0);

	private volatile @Nullable Thread stopper;

	/**
	 * Counts the points of the runs the given predicate picks from now on, and holds the
	 * run's thread at the given point (from 1; 0 holds nowhere).
	 */
	void arm(Predicate<JobExecution> target, int holdAt) {
		this.points.set(0);
		this.held = new CompletableFuture<>();
		this.released = new CountDownLatch(1);
		this.holdAt = holdAt;
		this.target = target;
	}

	/**
	 * Returns how many points the target passed since {@link #arm}.
	 */
	int points() {
		return this.points.get();
	}

	/**
	 * Completes with the id of the held execution once its thread is held.
	 */
	CompletableFuture<Long> held() {
		return this.held;
	}

	/**
	 * Runs the given stop on a thread of its own; the held job thread goes on once the
	 * stop's update of the job execution is committed, or the stop returned without one.
	 */
	Thread stopOnAnotherThread(Runnable stop) {
		Thread thread = new Thread(() -> {
			try {
				stop.run();
			}
			finally {
				release();
			}
		}, "stopper");
		this.stopper = thread;
		thread.start();
		return thread;
	}

	/**
	 * Lets the held job thread go on.
	 */
	void release() {
		this.released.countDown();
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof DataSource dataSource) {
			return proxy(DataSource.class, (method, arguments) -> {
				Object result = method.invoke(dataSource, arguments);
				return (result instanceof Connection connection) ? new PausingConnection(connection).proxy() : result;
			});
		}
		return bean;
	}

	private void beforeStatement(PausingConnection connection) {
		if (connection.wrote) {
			return;
		}
		JobContext context = JobSynchronizationManager.getContext();
		if (context == null || !this.target.test(context.getJobExecution())) {
			return;
		}
		if (this.points.incrementAndGet() == this.holdAt) {
			this.held.complete(context.getJobExecution().getId());
			holdUntilTheStopLands();
		}
	}

	/**
	 * Holds this thread until the stop lands, or the stop waits: for a lock this thread
	 * holds (Spring Batch's DAO serialises the updates of job executions in the JVM), or
	 * for this run to end (a shutdown that finds it ending already), either of which it
	 * gets only once this thread goes on.
	 */
	private void holdUntilTheStopLands() {
		long deadline = System.nanoTime() + SAFETY_NET.toNanos();
		try {
			while (!this.released.await(10, TimeUnit.MILLISECONDS) && !stopperWaits()) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("The stop did not land within " + SAFETY_NET);
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private boolean stopperWaits() {
		Thread stopper = this.stopper;
		return stopper != null && EnumSet.of(Thread.State.WAITING, Thread.State.TIMED_WAITING, Thread.State.BLOCKED)
			.contains(stopper.getState());
	}

	private void afterStatement(PausingConnection connection, @Nullable String sql) throws Exception {
		if (sql != null && WRITE.matcher(sql).find()) {
			connection.wrote = true;
			connection.wroteJobExecution |= JOB_EXECUTION_UPDATE.matcher(sql).find();
		}
		if (connection.target.getAutoCommit()) {
			ended(connection);
		}
	}

	private void ended(PausingConnection connection) {
		if (connection.wroteJobExecution && Thread.currentThread() == this.stopper) {
			release();
		}
		connection.wrote = false;
		connection.wroteJobExecution = false;
	}

	private static <T> T proxy(Class<T> type, Call call) {
		InvocationHandler handler = (proxy, method, arguments) -> {
			try {
				return call.invoke(method, arguments);
			}
			catch (InvocationTargetException ex) {
				throw ex.getCause();
			}
		};
		return type
			.cast(Proxy.newProxyInstance(JobThreadPauses.class.getClassLoader(), new Class<?>[] { type }, handler));
	}

	@FunctionalInterface
	private interface Call {

		@Nullable Object invoke(Method method, Object @Nullable [] arguments) throws Throwable;

	}

	/**
	 * A connection that knows whether its current transaction has written.
	 */
	private final class PausingConnection {

		private final Connection target;

		private boolean wrote;

		private boolean wroteJobExecution;

		PausingConnection(Connection target) {
			this.target = target;
		}

		Connection proxy() {
			return JobThreadPauses.proxy(Connection.class, (method, arguments) -> {
				Object result = method.invoke(this.target, arguments);
				switch (method.getName()) {
					case "commit", "rollback", "close" -> ended(this);
					case "setAutoCommit" -> {
						if (Boolean.TRUE.equals(arguments[0])) {
							ended(this);
						}
					}
					default -> {
					}
				}
				if (result instanceof Statement statement) {
					String sql = (arguments != null && arguments.length > 0 && arguments[0] instanceof String given)
							? given : null;
					return statement(statement, sql);
				}
				return result;
			});
		}

		private Object statement(Statement statement, @Nullable String preparedSql) {
			Class<?> type = (statement instanceof java.sql.CallableStatement) ? java.sql.CallableStatement.class
					: (statement instanceof java.sql.PreparedStatement) ? java.sql.PreparedStatement.class
							: Statement.class;
			return JobThreadPauses.proxy(type, (method, arguments) -> {
				if (!method.getName().startsWith("execute")) {
					return method.invoke(statement, arguments);
				}
				String sql = (arguments != null && arguments.length > 0 && arguments[0] instanceof String given) ? given
						: preparedSql;
				beforeStatement(this);
				Object result = method.invoke(statement, arguments);
				afterStatement(this, sql);
				return result;
			});
		}

	}

}
