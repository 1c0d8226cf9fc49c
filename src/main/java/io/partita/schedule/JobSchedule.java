package io.partita.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.util.Assert;

/**
 * A named cron schedule of a {@link Job}: each fire starts a new job instance, identified
 * by the schedule's name and the fire time next to the schedule's own parameters, so that
 * one fire time can never become two instances in the job repository.
 */
public final class JobSchedule {

	/**
	 * Identifying job parameter that names the schedule of a run.
	 */
	public static final String SCHEDULE_PARAMETER = "partita.schedule";

	/**
	 * Identifying job parameter that holds the time a run was scheduled for (ISO-8601,
	 * UTC).
	 */
	public static final String FIRE_TIME_PARAMETER = "partita.fire-time";

	/**
	 * Non-identifying job parameter that names the manager that started a run.
	 */
	public static final String LAUNCHED_BY_PARAMETER = "partita.launched-by";

	private final String name;

	private final Job job;

	private final String cron;

	private final ZoneId zone;

	private final JobParameters parameters;

	private final ConcurrencyPolicy concurrencyPolicy;

	public JobSchedule(String name, Job job, String cron, ZoneId zone, JobParameters parameters,
			ConcurrencyPolicy concurrencyPolicy) {
		Assert.hasText(name, "name must not be empty");
		Assert.notNull(job, "job must not be null");
		Assert.hasText(cron, "cron must not be empty");
		Assert.notNull(zone, "zone must not be null");
		Assert.notNull(parameters, "parameters must not be null");
		Assert.notNull(concurrencyPolicy, "concurrencyPolicy must not be null");
		this.name = name;
		this.job = job;
		this.cron = cron;
		this.zone = zone;
		this.parameters = parameters;
		this.concurrencyPolicy = concurrencyPolicy;
		trigger();
	}

	public String getName() {
		return this.name;
	}

	public Job getJob() {
		return this.job;
	}

	public String getCron() {
		return this.cron;
	}

	public ZoneId getZone() {
		return this.zone;
	}

	public JobParameters getParameters() {
		return this.parameters;
	}

	public ConcurrencyPolicy getConcurrencyPolicy() {
		return this.concurrencyPolicy;
	}

	/**
	 * Returns a new trigger of this schedule's cron expression in its time zone.
	 */
	public CronTrigger trigger() {
		return new CronTrigger(this.cron, this.zone);
	}

	/**
	 * Returns the parameters of the run scheduled for the given time.
	 * @param fireTime the time the run was scheduled for
	 * @param launchedBy the manager that starts it
	 * @return the schedule's parameters with the schedule's name and the fire time
	 * (identifying) and the manager (not identifying)
	 */
	public JobParameters parametersFor(Instant fireTime, String launchedBy) {
		return new JobParametersBuilder(this.parameters).addString(SCHEDULE_PARAMETER, this.name, true)
			.addString(FIRE_TIME_PARAMETER, fireTime.toString(), true)
			.addString(LAUNCHED_BY_PARAMETER, launchedBy, false)
			.toJobParameters();
	}

	/**
	 * Returns whether the given job parameters are those of a run of this schedule.
	 */
	boolean isRunOf(JobParameters jobParameters) {
		return this.name.equals(jobParameters.getString(SCHEDULE_PARAMETER));
	}

	@Override
	public String toString() {
		return this.name + " (" + this.job.getName() + ", cron '" + this.cron + "' " + this.zone + ", "
				+ this.concurrencyPolicy.name().toLowerCase(Locale.ROOT) + ")";
	}

}
