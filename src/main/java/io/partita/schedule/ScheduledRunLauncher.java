package io.partita.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.micrometer.observation.ObservationRegistry;
import io.partita.recovery.JobExecutionStops;
import io.partita.schedule.ScheduledRunEvent.Outcome;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.configuration.support.MapJobRegistry;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobExecutionNotRunningException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.launch.support.TaskExecutorJobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;
import org.springframework.util.Assert;

/**
 * Starts the run of a {@link JobSchedule} for one fire time, after applying its
 * {@link ConcurrencyPolicy} to the schedule's runs that the {@link JobRepository} records
 * as running (whichever manager started them). Runs start on threads of their own: the
 * job instance and execution are recorded before {@link #fire} returns, so that the next
 * fire sees them, and a long run holds up neither the next fire nor other schedules.
 * {@link #close()} stops the runs still going and waits for them to record it.
 */
public class ScheduledRunLauncher implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(ScheduledRunLauncher.class);

	private final JobRepository jobRepository;

	private final SimpleAsyncTaskExecutor runs = new SimpleAsyncTaskExecutor("partita-run-");

	private final JobOperator jobOperator;

	private final ApplicationEventPublisher eventPublisher;

	private final Set<JobExecution> started = ConcurrentHashMap.newKeySet();

	/**
	 * Creates a launcher.
	 * @param jobRepository the job repository
	 * @param eventPublisher where {@link ScheduledRunEvent}s go
	 * @param observationRegistry the registry of the job launch observations
	 * @param shutdownGracePeriod how long {@link #close()} waits for stopped runs to end
	 */
	public ScheduledRunLauncher(JobRepository jobRepository, ApplicationEventPublisher eventPublisher,
			ObservationRegistry observationRegistry, Duration shutdownGracePeriod) {
		Assert.notNull(jobRepository, "jobRepository must not be null");
		Assert.notNull(eventPublisher, "eventPublisher must not be null");
		this.jobRepository = jobRepository;
		this.eventPublisher = eventPublisher;
		this.runs.setTaskTerminationTimeout(shutdownGracePeriod.toMillis());
		this.jobOperator = jobOperator(jobRepository, this.runs, observationRegistry);
	}

	/**
	 * Starts the runs on their own threads; it is given each job to start, so its
	 * registry stays empty.
	 */
	private static JobOperator jobOperator(JobRepository jobRepository, TaskExecutor runs,
			ObservationRegistry observationRegistry) {
		TaskExecutorJobOperator jobOperator = new TaskExecutorJobOperator();
		jobOperator.setJobRepository(jobRepository);
		jobOperator.setJobRegistry(new MapJobRegistry());
		jobOperator.setTaskExecutor(runs);
		jobOperator.setObservationRegistry(observationRegistry);
		try {
			jobOperator.afterPropertiesSet();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		return jobOperator;
	}

	/**
	 * Fires the given schedule for the given time; never throws, the outcome is logged
	 * and published as a {@link ScheduledRunEvent}.
	 * @param schedule the schedule that fires
	 * @param fireTime the time the run is scheduled for
	 * @param launchedBy the name of this manager, recorded on the run
	 */
	public void fire(JobSchedule schedule, Instant fireTime, String launchedBy) {
		JobParameters parameters = schedule.parametersFor(fireTime, launchedBy);
		String jobName = schedule.getJob().getName();
		try {
			if (this.jobRepository.getJobInstance(jobName, parameters) != null) {
				alreadyLaunched(schedule, fireTime);
				return;
			}
			List<JobExecution> running = running(schedule);
			if (!running.isEmpty() && schedule.getConcurrencyPolicy() == ConcurrencyPolicy.FORBID) {
				JobExecution first = running.get(0);
				publish(schedule, fireTime, Outcome.SKIPPED, first.getId(), "skipped the run of " + fireTime + ": "
						+ describe(first) + " is still running (concurrency policy forbid)");
				return;
			}
			if (!running.isEmpty() && schedule.getConcurrencyPolicy() == ConcurrencyPolicy.REPLACE) {
				stop(schedule, fireTime, running);
			}
			JobExecution execution = this.jobOperator.start(schedule.getJob(), parameters);
			// the job's own thread updates this execution as it runs
			this.started.removeIf((earlier) -> !earlier.isRunning());
			this.started.add(execution);
			publish(schedule, fireTime, Outcome.LAUNCHED, execution.getId(),
					"started " + describe(execution) + " for the run of " + fireTime);
		}
		catch (Exception ex) {
			// another manager that fired the same time at once makes the start fail in
			// one of
			// several ways (the unique job key, an instance found without its execution
			// yet);
			// the instance it created tells
			if (startedElsewhere(jobName, parameters)) {
				logger.debug(
						"Schedule " + schedule.getName() + ": lost the start of " + fireTime + " to another manager",
						ex);
				alreadyLaunched(schedule, fireTime);
			}
			else {
				failed(schedule, fireTime, ex);
			}
		}
	}

	/**
	 * Stops the runs this launcher started that are still going (through the job
	 * repository, so that they end STOPPED, ready for restart) and waits up to the
	 * shutdown grace period for them to end.
	 */
	@Override
	public void close() {
		for (JobExecution execution : this.started) {
			if (execution.isRunning()) {
				JobExecution current = this.jobRepository.getJobExecution(execution.getId());
				if (current != null && current.isRunning()) {
					logger.info("Stopping " + describe(current) + ": the manager shuts down");
					try {
						stop(current);
					}
					catch (Exception ex) {
						logger.warn("Could not stop " + describe(current) + ": " + ex);
					}
				}
			}
		}
		this.started.clear();
		this.runs.close();
	}

	private boolean startedElsewhere(String jobName, JobParameters parameters) {
		try {
			return this.jobRepository.getJobInstance(jobName, parameters) != null;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private List<JobExecution> running(JobSchedule schedule) {
		return this.jobRepository.findRunningJobExecutions(schedule.getJob().getName())
			.stream()
			.filter((execution) -> schedule.isRunOf(execution.getJobParameters()))
			.sorted(Comparator.comparingLong(JobExecution::getId))
			.toList();
	}

	private void stop(JobSchedule schedule, Instant fireTime, List<JobExecution> running) {
		List<JobExecution> stoppable = running.stream()
			.filter((execution) -> execution.getStatus() != BatchStatus.STOPPING)
			.toList();
		logger.info("Schedule " + schedule.getName() + ": stopping "
				+ stoppable.stream().map(this::describe).collect(Collectors.joining(", "))
				+ " to replace it with the run of " + fireTime + " (concurrency policy replace)");
		for (JobExecution execution : stoppable) {
			stop(execution);
		}
	}

	private void stop(JobExecution execution) {
		try {
			JobExecutionStops.stop(this.jobRepository, execution);
		}
		catch (JobExecutionNotRunningException ex) {
			// it ended meanwhile
		}
	}

	private void alreadyLaunched(JobSchedule schedule, Instant fireTime) {
		publish(schedule, fireTime, Outcome.ALREADY_LAUNCHED, null,
				"the run of " + fireTime + " was already started, by another manager");
	}

	private void failed(JobSchedule schedule, Instant fireTime, Exception ex) {
		String description = "could not start the run of " + fireTime + ": " + ex;
		logger.error("Schedule " + schedule.getName() + ": " + description, ex);
		this.eventPublisher
			.publishEvent(new ScheduledRunEvent(schedule.getName(), fireTime, Outcome.FAILED, null, description));
	}

	private void publish(JobSchedule schedule, Instant fireTime, Outcome outcome, @Nullable Long jobExecutionId,
			String description) {
		logger.info("Schedule " + schedule.getName() + ": " + description);
		this.eventPublisher
			.publishEvent(new ScheduledRunEvent(schedule.getName(), fireTime, outcome, jobExecutionId, description));
	}

	private String describe(JobExecution execution) {
		return execution.getJobInstance().getJobName() + " execution " + execution.getId() + " (job instance "
				+ execution.getJobInstance().getInstanceId() + ")";
	}

}
