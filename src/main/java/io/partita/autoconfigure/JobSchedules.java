package io.partita.autoconfigure;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import io.partita.autoconfigure.ScheduleProperties;
import io.partita.schedule.JobSchedule;
import io.partita.support.SecretKeys;

import org.springframework.batch.core.converter.DefaultJobParametersConverter;
import org.springframework.batch.core.converter.JobParametersConversionException;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParameters;

/**
 * Builds the {@link JobSchedule}s of the {@code partita.schedules.*} properties, refusing
 * at start-up what could only fail at the first fire: an unknown job, a job with a
 * parameters incrementer, parameters the job refuses.
 */
final class JobSchedules {

	private JobSchedules() {
	}

	static List<JobSchedule> create(Map<String, ScheduleProperties> schedules, Collection<Job> jobs) {
		List<JobSchedule> created = new ArrayList<>();
		schedules.forEach((name, schedule) -> {
			String prefix = "partita.schedules." + name + ".";
			Job job = job(prefix, schedule.getJob(), jobs);
			JobParameters parameters = parameters(prefix, schedule, job);
			created.add(new JobSchedule(name, job, schedule.getCron(), schedule.zoneId(), parameters,
					schedule.getConcurrencyPolicy()));
		});
		return created;
	}

	private static Job job(String prefix, String jobName, Collection<Job> jobs) {
		Job job = jobs.stream().filter((candidate) -> candidate.getName().equals(jobName)).findFirst().orElse(null);
		if (job == null) {
			String known = jobs.stream().map(Job::getName).sorted().collect(Collectors.joining(", "));
			throw new InvalidPartitaPropertyException(prefix + "job", jobName, "no Job has that name",
					known.isEmpty() ? "Define the job as a Job bean." : "Set it to one of: " + known + ".");
		}
		if (job.getJobParametersIncrementer() != null) {
			throw new InvalidPartitaPropertyException(prefix + "job", jobName,
					"that job has a JobParametersIncrementer, which makes Spring Batch ignore a schedule's parameters",
					"Remove the incrementer from the job: each scheduled run is a new job instance already, "
							+ "identified by its fire time.");
		}
		return job;
	}

	private static JobParameters parameters(String prefix, ScheduleProperties schedule, Job job) {
		Properties properties = new Properties();
		properties.putAll(schedule.getParameters());
		try {
			JobParameters parameters = new DefaultJobParametersConverter().getJobParameters(properties);
			job.getJobParametersValidator().validate(parameters);
			return parameters;
		}
		catch (JobParametersConversionException | InvalidJobParametersException ex) {
			throw new InvalidPartitaPropertyException(prefix + "parameters", SecretKeys.mask(schedule.getParameters()),
					"the job refuses them: " + ex.getMessage(),
					"Give each parameter as value or value,type[,identifying], as on the command line, with the "
							+ "parameters the job requires.");
		}
	}

}
