package io.partita.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.Assert;

/**
 * Fires {@link JobSchedule schedules} with Spring's {@link ThreadPoolTaskScheduler} while
 * this process leads the {@link LeaderElection}, each fire handed to a
 * {@link ScheduledRunLauncher}. Losing the leadership stops the firing; a fire missed
 * while no replica led is not made up later.
 */
public class JobScheduler implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(JobScheduler.class);

	private final List<JobSchedule> schedules;

	private final ScheduledRunLauncher launcher;

	private final LeaderElection leaderElection;

	private final ThreadPoolTaskScheduler taskScheduler = new ThreadPoolTaskScheduler();

	private final List<ScheduledFuture<?>> firing = new ArrayList<>();

	private volatile boolean running;

	public JobScheduler(List<JobSchedule> schedules, ScheduledRunLauncher launcher, LeaderElection leaderElection) {
		Assert.notEmpty(schedules, "schedules must not be empty");
		Assert.notNull(launcher, "launcher must not be null");
		Assert.notNull(leaderElection, "leaderElection must not be null");
		this.schedules = List.copyOf(schedules);
		this.launcher = launcher;
		this.leaderElection = leaderElection;
		this.taskScheduler.setThreadNamePrefix("partita-schedule-");
		this.taskScheduler.setPoolSize(this.schedules.size());
		// a fire under way at shutdown records its run (or its skip) before stop returns
		this.taskScheduler.setWaitForTasksToCompleteOnShutdown(true);
		this.taskScheduler.setAwaitTerminationSeconds(30);
	}

	public List<JobSchedule> getSchedules() {
		return this.schedules;
	}

	/**
	 * Returns whether this process fires the schedules now, as the leader.
	 */
	public synchronized boolean isFiring() {
		return !this.firing.isEmpty();
	}

	@Override
	public void start() {
		this.taskScheduler.initialize();
		this.running = true;
		this.leaderElection.start(this::startFiring, this::stopFiring);
	}

	/**
	 * Stops firing, gives up the leadership, then stops the runs this manager started
	 * that are still going and waits up to the shutdown grace period for them to record
	 * it.
	 */
	@Override
	public void stop() {
		this.leaderElection.stop();
		stopFiring();
		this.taskScheduler.shutdown();
		this.launcher.close();
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private synchronized void startFiring() {
		if (!this.running || !this.firing.isEmpty()) {
			return;
		}
		String identity = this.leaderElection.identity();
		for (JobSchedule schedule : this.schedules) {
			FireTimeTrigger trigger = new FireTimeTrigger(schedule.trigger());
			this.firing.add(this.taskScheduler
				.schedule(() -> this.launcher.fire(schedule, trigger.fireTime(), identity), trigger));
		}
		logger.info(identity + " fires the schedules " + this.schedules);
	}

	private synchronized void stopFiring() {
		if (this.firing.isEmpty()) {
			return;
		}
		this.firing.forEach((future) -> future.cancel(false));
		this.firing.clear();
		logger.info(this.leaderElection.identity() + " no longer fires the schedules");
	}

}
