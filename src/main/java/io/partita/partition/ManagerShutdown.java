package io.partita.partition;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * Stops the partitioned steps running in this manager when its application context closes
 * (SIGTERM, or a normal exit): their workers are asked to stop and record STOPPED, queued
 * partitions are marked STOPPED, and the context closes only once the steps have ended
 * STOPPED, or after the grace period. The job execution is left STOPPED and can be
 * restarted.
 */
public class ManagerShutdown implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(ManagerShutdown.class);

	private static final long RECORDING_CHECK_MILLIS = 100;

	private final Set<PartitionRun> runs = ConcurrentHashMap.newKeySet();

	private final Set<Long> jobExecutions = ConcurrentHashMap.newKeySet();

	private final JobRepository jobRepository;

	private final Duration gracePeriod;

	private volatile boolean running;

	public ManagerShutdown(JobRepository jobRepository, Duration gracePeriod) {
		Assert.notNull(jobRepository, "jobRepository must not be null");
		Assert.notNull(gracePeriod, "gracePeriod must not be null");
		this.jobRepository = jobRepository;
		this.gracePeriod = gracePeriod;
	}

	void register(PartitionRun run, long jobExecutionId) {
		this.runs.add(run);
		this.jobExecutions.add(jobExecutionId);
	}

	void unregister(PartitionRun run) {
		synchronized (this.runs) {
			this.runs.remove(run);
			this.runs.notifyAll();
		}
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		if (this.runs.isEmpty()) {
			return;
		}
		logger.info("The manager is shutting down: stopping " + this.runs.size() + " partitioned step(s)");
		this.runs.forEach((run) -> run.requestStop("the manager is shutting down"));
		long deadline = System.nanoTime() + this.gracePeriod.toNanos();
		synchronized (this.runs) {
			while (!this.runs.isEmpty() && System.nanoTime() < deadline) {
				try {
					this.runs.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
		if (!this.runs.isEmpty()) {
			logger.warn(this.runs.size() + " partitioned step(s) did not stop within " + this.gracePeriod);
			return;
		}
		awaitJobExecutionsRecorded(deadline);
	}

	/**
	 * Gives the job executions time to record that they stopped before the job repository
	 * closes.
	 */
	private void awaitJobExecutionsRecorded(long deadline) {
		this.jobExecutions.removeIf((id) -> !isRunning(id));
		while (!this.jobExecutions.isEmpty() && System.nanoTime() < deadline) {
			try {
				Thread.sleep(RECORDING_CHECK_MILLIS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			this.jobExecutions.removeIf((id) -> !isRunning(id));
		}
	}

	private boolean isRunning(long jobExecutionId) {
		JobExecution execution = this.jobRepository.getJobExecution(jobExecutionId);
		return execution != null && execution.isRunning();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
