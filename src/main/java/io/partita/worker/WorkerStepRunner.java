package io.partita.worker;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.launch.support.SystemExiter;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.EmptyResultDataAccessException;

/**
 * Runs the one {@link StepExecution} named by the {@link WorkerContract} when the
 * application starts, then ends the process with the contract's {@link WorkerExitCode}.
 * On shutdown (SIGTERM) it asks the running step to stop and waits for it to record
 * STOPPED before the job repository is closed.
 */
public class WorkerStepRunner implements ApplicationRunner, SmartLifecycle {

	private static final Log logger = LogFactory.getLog(WorkerStepRunner.class);

	private final WorkerContractResolver contractResolver;

	private final JobRepository jobRepository;

	private final ConfigurableApplicationContext context;

	private final WorkerFailureClassifier failureClassifier;

	private final SystemExiter systemExiter;

	private final Duration shutdownGracePeriod;

	private final CountDownLatch finished = new CountDownLatch(1);

	private volatile @Nullable StepExecution running;

	private volatile boolean lifecycleRunning;

	private volatile boolean shuttingDown;

	public WorkerStepRunner(WorkerContractResolver contractResolver, JobRepository jobRepository,
			ConfigurableApplicationContext context, WorkerFailureClassifier failureClassifier,
			SystemExiter systemExiter, Duration shutdownGracePeriod) {
		this.contractResolver = contractResolver;
		this.jobRepository = jobRepository;
		this.context = context;
		this.failureClassifier = failureClassifier;
		this.systemExiter = systemExiter;
		this.shutdownGracePeriod = shutdownGracePeriod;
	}

	@Override
	public void run(ApplicationArguments args) {
		WorkerExitCode exitCode;
		try {
			exitCode = execute(this.contractResolver.resolve());
		}
		catch (WorkerContractException ex) {
			logger.error("Partita worker cannot run: " + ex.getMessage());
			exitCode = WorkerExitCode.MISCONFIGURED;
		}
		finally {
			this.finished.countDown();
		}
		if (!this.shuttingDown) {
			int code = exitCode.code();
			this.systemExiter.exit(SpringApplication.exit(this.context, () -> code));
		}
	}

	private WorkerExitCode execute(WorkerContract contract) {
		Step step = findStep(contract);
		StepExecution stepExecution = loadStepExecution(contract);
		logger
			.info("Partita worker running " + stepExecution.getStepName() + " (step execution " + stepExecution.getId()
					+ ", job execution " + contract.jobExecutionId() + ", attempt " + contract.attempt() + ")");
		recordPlacement(stepExecution, contract.attempt());
		// a retry runs the step execution its failed attempt left FAILED; Spring Batch
		// would
		// carry that exit status over to this attempt's outcome
		stepExecution.setExitStatus(ExitStatus.EXECUTING);
		this.running = stepExecution;
		try {
			step.execute(stepExecution);
		}
		catch (Exception ex) {
			logger.error("Step execution " + stepExecution.getId() + " could not be recorded", ex);
			return WorkerExitCode.FAILED;
		}
		finally {
			this.running = null;
		}
		WorkerExitCode exitCode = exitCodeOf(stepExecution);
		Throwable rootCause = rootCause(stepExecution);
		if (rootCause != null) {
			recordRootCauseFirst(stepExecution, rootCause);
		}
		logger.info("Partita worker finished " + stepExecution.getStepName() + ": " + stepExecution.getStatus()
				+ " (exit code " + exitCode.code() + ")" + ((rootCause != null) ? ": " + rootCause : ""));
		return exitCode;
	}

	/**
	 * Records where this attempt runs before the step starts, so that operators see it
	 * while it runs. Diagnostics only: a failure to record it does not fail the step.
	 */
	private void recordPlacement(StepExecution stepExecution, int attempt) {
		WorkerPlacement.of(System.getenv()).recordIn(stepExecution.getExecutionContext(), attempt);
		try {
			this.jobRepository.updateExecutionContext(stepExecution);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not record where step execution " + stepExecution.getId() + " runs", ex);
		}
	}

	private static @Nullable Throwable rootCause(StepExecution stepExecution) {
		if (stepExecution.getStatus() != BatchStatus.FAILED || stepExecution.getFailureExceptions().isEmpty()) {
			return null;
		}
		return NestedExceptionUtils.getMostSpecificCause(stepExecution.getFailureExceptions().get(0));
	}

	/**
	 * Puts the root cause on the first line of the exit description, where it survives
	 * the job repository's length limit on descriptions and where the manager reads it.
	 */
	private void recordRootCauseFirst(StepExecution stepExecution, Throwable rootCause) {
		ExitStatus exitStatus = stepExecution.getExitStatus();
		stepExecution.setExitStatus(
				new ExitStatus(exitStatus.getExitCode(), rootCause + "\n" + exitStatus.getExitDescription()));
		try {
			this.jobRepository.update(stepExecution);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not record the root cause of step execution " + stepExecution.getId(), ex);
		}
	}

	private StepExecution loadStepExecution(WorkerContract contract) {
		StepExecution stepExecution = findStepExecution(contract.stepExecutionId());
		if (stepExecution == null) {
			throw new WorkerContractException(WorkerContract.STEP_EXECUTION_ID, "is " + contract.stepExecutionId()
					+ " but the job repository has no such step execution; the worker must use the manager's job repository");
		}
		if (stepExecution.getJobExecutionId() != contract.jobExecutionId()) {
			throw new WorkerContractException(WorkerContract.JOB_EXECUTION_ID,
					"is " + contract.jobExecutionId() + " but step execution " + contract.stepExecutionId()
							+ " belongs to job execution " + stepExecution.getJobExecutionId());
		}
		if (stepExecution.getStatus() == BatchStatus.COMPLETED || stepExecution.getStatus() == BatchStatus.ABANDONED) {
			throw new WorkerContractException(WorkerContract.STEP_EXECUTION_ID, "is " + contract.stepExecutionId()
					+ ", which is already " + stepExecution.getStatus() + " and is never run again");
		}
		String stepName = stepExecution.getStepName();
		if (!stepName.equals(contract.workerStep()) && !stepName.startsWith(contract.workerStep() + ":")) {
			throw new WorkerContractException(WorkerContract.WORKER_STEP, "is '" + contract.workerStep()
					+ "' but step execution " + contract.stepExecutionId() + " is a partition of '" + stepName + "'");
		}
		return stepExecution;
	}

	private @Nullable StepExecution findStepExecution(long stepExecutionId) {
		try {
			return this.jobRepository.getStepExecution(stepExecutionId);
		}
		catch (EmptyResultDataAccessException ex) {
			return null;
		}
	}

	private Step findStep(WorkerContract contract) {
		String name = contract.workerStep();
		if (!this.context.containsBean(name) || !this.context.isTypeMatch(name, Step.class)) {
			throw new WorkerContractException(WorkerContract.WORKER_STEP,
					"is '" + name + "' but this application has no Step bean of that name (Step beans: "
							+ Arrays.toString(this.context.getBeanNamesForType(Step.class))
							+ "); the manager and its workers must run the same application");
		}
		return this.context.getBean(name, Step.class);
	}

	private WorkerExitCode exitCodeOf(StepExecution stepExecution) {
		return switch (stepExecution.getStatus()) {
			case COMPLETED -> WorkerExitCode.COMPLETED;
			case STOPPING, STOPPED -> WorkerExitCode.STOPPED;
			default -> this.failureClassifier.isRetryable(stepExecution.getFailureExceptions()) ? WorkerExitCode.FAILED
					: WorkerExitCode.FAILED_NOT_RETRYABLE;
		};
	}

	@Override
	public void start() {
		this.lifecycleRunning = true;
	}

	/**
	 * Asks a running step to stop at its next chunk boundary and waits for it to record
	 * STOPPED, so that the job repository is still open when it does.
	 */
	@Override
	public void stop() {
		this.shuttingDown = true;
		this.lifecycleRunning = false;
		StepExecution stepExecution = this.running;
		if (stepExecution != null) {
			logger.info("Partita worker stopping " + stepExecution.getStepName() + " (step execution "
					+ stepExecution.getId() + ")");
			stepExecution.setTerminateOnly();
			try {
				if (!this.finished.await(this.shutdownGracePeriod.toMillis(), TimeUnit.MILLISECONDS)) {
					logger.warn("Step execution " + stepExecution.getId() + " did not stop within "
							+ this.shutdownGracePeriod + "; exiting without recording it");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.lifecycleRunning;
	}

}
