package io.partita.autoconfigure;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

import io.partita.schedule.ConcurrencyPolicy;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.support.CronExpression;
import org.springframework.util.StringUtils;

/**
 * A schedule of runs of a job.
 */
public class ScheduleProperties {

	/**
	 * Name of the Job to run.
	 */
	private @Nullable String job;

	/**
	 * Cron expression of the runs: second, minute, hour, day of month, month, day of
	 * week, such as '0 0 2 * * *' for 2 a.m. every day, or a macro such as @daily.
	 */
	private @Nullable String cron;

	/**
	 * Time zone the cron expression is read in, such as Europe/Paris. The JVM's time zone
	 * when not set.
	 */
	private @Nullable String zone;

	/**
	 * Job parameters of every run, in the notation of the command line: value, or
	 * value,type[,identifying]. Each run also gets the identifying parameters
	 * partita.schedule and partita.fire-time.
	 */
	private Map<String, String> parameters = new LinkedHashMap<>();

	/**
	 * What a fire does while an earlier run of the schedule still runs: allow (start
	 * beside it), forbid (skip this run) or replace (stop it and start this run).
	 */
	private ConcurrencyPolicy concurrencyPolicy = ConcurrencyPolicy.ALLOW;

	public @Nullable String getJob() {
		return this.job;
	}

	public void setJob(@Nullable String job) {
		this.job = job;
	}

	public @Nullable String getCron() {
		return this.cron;
	}

	public void setCron(@Nullable String cron) {
		this.cron = cron;
	}

	public @Nullable String getZone() {
		return this.zone;
	}

	public void setZone(@Nullable String zone) {
		this.zone = zone;
	}

	public Map<String, String> getParameters() {
		return this.parameters;
	}

	public void setParameters(Map<String, String> parameters) {
		this.parameters = parameters;
	}

	public ConcurrencyPolicy getConcurrencyPolicy() {
		return this.concurrencyPolicy;
	}

	public void setConcurrencyPolicy(ConcurrencyPolicy concurrencyPolicy) {
		this.concurrencyPolicy = concurrencyPolicy;
	}

	/**
	 * Returns the time zone of the cron expression.
	 */
	public ZoneId zoneId() {
		return StringUtils.hasText(this.zone) ? ZoneId.of(this.zone.trim()) : ZoneId.systemDefault();
	}

	void validate(String name) {
		String prefix = "partita.schedules." + name + ".";
		if (!StringUtils.hasText(this.job)) {
			throw new InvalidPartitaPropertyException(prefix + "job", this.job, "a schedule needs a job",
					"Set it to the name of the Job to run.");
		}
		if (!StringUtils.hasText(this.cron)) {
			throw new InvalidPartitaPropertyException(prefix + "cron", this.cron, "a schedule needs a cron expression",
					"Set it to a cron expression such as '0 0 2 * * *' (second, minute, hour, day of month, month, "
							+ "day of week: 2 a.m. every day).");
		}
		try {
			CronExpression.parse(this.cron);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidPartitaPropertyException(prefix + "cron", "'" + this.cron + "'",
					"it is not a cron expression: " + ex.getMessage(),
					"Use six fields (second, minute, hour, day of month, month, day of week) such as '0 0 2 * * *', "
							+ "or a macro such as @daily.");
		}
		try {
			zoneId();
		}
		catch (DateTimeException ex) {
			throw new InvalidPartitaPropertyException(prefix + "zone", this.zone,
					"it is not a time zone: " + ex.getMessage(),
					"Use a region such as Europe/Paris or an offset such as UTC+01:00, or leave it out for the "
							+ "JVM's time zone.");
		}
	}

}
