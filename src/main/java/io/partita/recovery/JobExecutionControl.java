package io.partita.recovery;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.partita.launch.LiveWorker;
import io.partita.launch.WorkerExit;
import io.partita.launch.WorkerLauncher;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobExecutionNotRunningException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.launch.JobRestartException;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.EmptyResultDataAccessException;

/**
 * Restarts, stops and recovers job executions for operators, refusing with a message that
 * says what to do instead whenever the operation could run a partition twice or lose
 * work:
 * <ul>
 * <li>{@link #restart restart} a FAILED or STOPPED execution, only once none of its
 * workers is alive;</li>
 * <li>{@link #stop stop} a running execution;</li>
 * <li>{@link #recover recover} an execution left STARTED by a manager that died: its
 * workers still alive are waited for, the partitions whose workers died and the steps of
 * the manager are marked FAILED with the reason, and it is restarted, so that only what
 * did not complete runs again.</li>
 * </ul>
 * Whether a restart runs to its end before the method returns is up to the
 * {@link JobOperator} given.
 */
public class JobExecutionControl {

	private static final Log logger = LogFactory.getLog(JobExecutionControl.class);

	private final JobRepository jobRepository;

	private final JobOperator jobOperator;

	private final WorkerLauncher launcher;

	private final Duration managerSilence;

	/**
	 * Creates a control.
	 * @param jobRepository the job repository
	 * @param jobOperator runs restarts
	 * @param launcher finds the workers still alive
	 * @param managerSilence how long a running execution must have recorded nothing
	 * before its manager is taken for dead
	 */
	public JobExecutionControl(JobRepository jobRepository, JobOperator jobOperator, WorkerLauncher launcher,
			Duration managerSilence) {
		this.jobRepository = jobRepository;
		this.jobOperator = jobOperator;
		this.launcher = launcher;
		this.managerSilence = managerSilence;
	}

	/**
	 * Restarts a FAILED or STOPPED job execution: only its partitions that did not
	 * complete run again, from their saved execution contexts.
	 * @param jobExecutionId the execution to restart
	 * @return the new execution
	 * @throws JobExecutionNotFoundException if there is no such execution
	 * @throws IllegalJobExecutionStateException if it is not FAILED or STOPPED, or a
	 * worker of it is still alive
	 */
	public JobExecution restart(long jobExecutionId) {
		JobExecution execution = find(jobExecutionId);
		BatchStatus status = execution.getStatus();
		if (status.isRunning()) {
			throw new IllegalJobExecutionStateException(describe(execution) + " is " + status
					+ ", and only a FAILED or STOPPED execution can be restarted. Stop it and restart it once it has "
					+ "stopped; if its manager died, recover it instead.");
		}
		if (status != BatchStatus.FAILED && status != BatchStatus.STOPPED) {
			throw new IllegalJobExecutionStateException(describe(execution) + " is " + status
					+ ", and only a FAILED or STOPPED execution can be restarted. Start a new job instance instead.");
		}
		List<LiveWorker> live = this.launcher.findLiveWorkers(jobExecutionId);
		if (!live.isEmpty()) {
			throw new IllegalJobExecutionStateException(describe(execution) + " still has " + live.size()
					+ " live worker(s): " + names(live) + ". Restarting now could run their partitions twice: wait for "
					+ "them to end, or delete them, then restart it.");
		}
		failLeftRunning(execution, "its manager ended without recording it, and no worker of it is alive");
		logger.info("Restarting " + describe(execution));
		return restartChecked(execution);
	}

	/**
	 * Asks a running job execution to stop: its manager stops the workers, which record
	 * their partitions STOPPED, and the execution ends STOPPED, ready for a restart.
	 * @param jobExecutionId the execution to stop
	 * @return the execution, now STOPPING
	 * @throws JobExecutionNotFoundException if there is no such execution
	 * @throws IllegalJobExecutionStateException if it is not running
	 */
	public JobExecution stop(long jobExecutionId) {
		JobExecution execution = find(jobExecutionId);
		try {
			JobExecutionStops.stop(this.jobRepository, execution);
		}
		catch (JobExecutionNotRunningException ex) {
			JobExecution current = find(jobExecutionId);
			throw new IllegalJobExecutionStateException(describe(current) + " is " + current.getStatus()
					+ ", and only a running execution can be stopped.");
		}
		logger.info("Asked " + describe(execution) + " to stop");
		return find(jobExecutionId);
	}

	/**
	 * Recovers a job execution whose manager died while it ran (killed, out of memory,
	 * node lost), leaving it STARTED: waits for its workers still alive to end, marks
	 * FAILED with the reason the partitions whose workers died without recording them and
	 * the steps of the manager, and restarts it. Completed partitions never run again and
	 * running ones are never duplicated: what the live workers complete is kept, the rest
	 * resumes from its saved position.
	 * @param jobExecutionId the execution to recover
	 * @return the new execution
	 * @throws JobExecutionNotFoundException if there is no such execution
	 * @throws IllegalJobExecutionStateException if it is not running, or its manager
	 * still records progress
	 */
	public JobExecution recover(long jobExecutionId) {
		JobExecution execution = find(jobExecutionId);
		if (!execution.getStatus().isRunning()) {
			throw new IllegalJobExecutionStateException(describe(execution) + " is " + execution.getStatus()
					+ ": only a running execution whose manager died needs recovery. Restart a FAILED or STOPPED one.");
		}
		List<LiveWorker> live = this.launcher.findLiveWorkers(jobExecutionId);
		Set<Long> liveSteps = live.stream().map(LiveWorker::stepExecutionId).collect(Collectors.toSet());
		Duration silence = Duration.between(lastRecordedByManager(execution, liveSteps), LocalDateTime.now());
		if (silence.compareTo(this.managerSilence) < 0) {
			throw new IllegalJobExecutionStateException(describe(execution) + " looks alive: its manager recorded "
					+ "progress " + silence.toSeconds() + " s ago. Recover only an execution whose manager died "
					+ "(nothing recorded for partita.recovery.manager-silence, " + this.managerSilence.toSeconds()
					+ " s); stop a live one instead.");
		}
		String reason = "its manager died (nothing recorded for " + silence.toSeconds() + " s)";
		logger.info("Recovering " + describe(execution) + " after " + reason + ": waiting for " + live.size()
				+ " live worker(s) to end" + (live.isEmpty() ? "" : ": " + names(live)));
		Map<Long, WorkerExit> exits = awaitEnds(live);
		JobExecution current = find(jobExecutionId);
		for (StepExecution step : current.getStepExecutions()) {
			WorkerExit exit = exits.get(step.getId());
			failIfRunning(step, "Recovered after " + reason + "; " + ((exit != null)
					? "its worker ended without recording it (" + exit.reason() + ")" : "no worker of it was alive"));
		}
		current.setStatus(BatchStatus.FAILED);
		current.setExitStatus(ExitStatus.FAILED.addExitDescription("Recovered after " + reason));
		current.setEndTime(LocalDateTime.now());
		this.jobRepository.update(current);
		logger.info("Restarting " + describe(current) + " to finish its recovery");
		return restartChecked(current);
	}

	/**
	 * Marks FAILED the steps a manager that failed or was stopped left running, such as
	 * partitions it had not launched yet, so that Spring Batch restarts them.
	 */
	private void failLeftRunning(JobExecution execution, String reason) {
		execution.getStepExecutions()
			.forEach((step) -> failIfRunning(step, "Left " + step.getStatus() + ": " + reason));
	}

	private void failIfRunning(StepExecution step, String description) {
		if (step.getStatus().isRunning()) {
			step.setStatus(BatchStatus.FAILED);
			step.setExitStatus(ExitStatus.FAILED.addExitDescription(description));
			step.setEndTime(LocalDateTime.now());
			this.jobRepository.update(step);
		}
	}

	private static Map<Long, WorkerExit> awaitEnds(List<LiveWorker> live) {
		Map<Long, WorkerExit> exits = new HashMap<>();
		for (LiveWorker worker : live) {
			WorkerExit exit = worker.worker().exit().join();
			logger.info("Worker " + worker.worker().name() + " of step execution " + worker.stepExecutionId()
					+ " ended: " + exit.reason());
			exits.put(worker.stepExecutionId(), exit);
		}
		return exits;
	}

	private JobExecution restartChecked(JobExecution execution) {
		try {
			return this.jobOperator.restart(execution);
		}
		catch (JobRestartException ex) {
			throw new IllegalJobExecutionStateException(describe(execution) + " cannot be restarted: "
					+ Objects.requireNonNullElse(NestedExceptionUtils.getMostSpecificCause(ex).getMessage(), ""));
		}
	}

	private JobExecution find(long jobExecutionId) {
		JobExecution execution;
		try {
			execution = this.jobRepository.getJobExecution(jobExecutionId);
		}
		catch (EmptyResultDataAccessException ex) {
			// the JDBC job repository throws instead of returning null
			execution = null;
		}
		if (execution == null) {
			throw new JobExecutionNotFoundException(jobExecutionId);
		}
		return execution;
	}

	/**
	 * Returns when the manager of a running execution last recorded anything: the
	 * heartbeat of its running steps, leaving out the steps of live workers, which record
	 * progress of their own.
	 */
	private static LocalDateTime lastRecordedByManager(JobExecution execution, Set<Long> workerSteps) {
		return Stream
			.concat(Stream.of(execution.getLastUpdated(), execution.getStartTime(), execution.getCreateTime()),
					execution.getStepExecutions()
						.stream()
						.filter((step) -> step.getStatus().isRunning() && !workerSteps.contains(step.getId()))
						.map(StepExecution::getLastUpdated))
			.filter(Objects::nonNull)
			.max(Comparator.naturalOrder())
			.orElseThrow();
	}

	private static String names(List<LiveWorker> live) {
		return live.stream().map((worker) -> worker.worker().name()).collect(Collectors.joining(", "));
	}

	private static String describe(JobExecution execution) {
		return "Job execution " + execution.getId() + " of " + execution.getJobInstance().getJobName();
	}

}
