package io.partita.ops.endpoint;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

import io.partita.partition.AttemptHistory;
import io.partita.partition.AttemptHistory.Attempt;
import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * One job execution as the endpoint shows it: its steps and, for partitioned and remote
 * steps, their partitions with every attempt.
 * <p>
 * Partitions are the step executions named {@code <worker step>:<partition>}, as Spring
 * Batch's splitter names them. The job repository does not record which step split them:
 * they are shown under the step of the same name as their worker step (a remote step),
 * else under the step execution created last before them, which is the one that split
 * them.
 *
 * @param id the job execution id
 * @param instanceId the job instance id
 * @param jobName the job's name
 * @param status the batch status
 * @param exitCode the exit code
 * @param exitDescription the exit description
 * @param createTime when it was created
 * @param startTime when it started
 * @param endTime when it ended
 * @param durationMillis how long it ran, or has run so far
 * @param parameters its parameters
 * @param steps its steps, in the order they started
 */
public record JobExecutionDetails(long id, long instanceId, String jobName, String status, String exitCode,
		String exitDescription, @Nullable Instant createTime, @Nullable Instant startTime, @Nullable Instant endTime,
		@Nullable Long durationMillis, Map<String, String> parameters,
		List<StepDetails> steps) implements OperationResponseBody {

	private static final String PARTITION_SEPARATOR = ":";

	/**
	 * Describes a job execution read from the job repository with its step executions.
	 * @param execution the execution
	 * @param shownParameters the parameters as they are to be shown, from their values as
	 * strings, sorted by name
	 * @return the description
	 */
	public static JobExecutionDetails of(JobExecution execution, UnaryOperator<Map<String, String>> shownParameters) {
		List<StepExecution> stepExecutions = execution.getStepExecutions()
			.stream()
			.sorted(Comparator.comparingLong(StepExecution::getId))
			.toList();
		Map<Long, List<StepExecution>> partitionsByStep = new LinkedHashMap<>();
		List<StepExecution> steps = new ArrayList<>();
		for (StepExecution stepExecution : stepExecutions) {
			String name = stepExecution.getStepName();
			int separator = name.indexOf(PARTITION_SEPARATOR);
			if (separator < 0) {
				steps.add(stepExecution);
				continue;
			}
			String workerStep = name.substring(0, separator);
			StepExecution owner = steps.stream()
				.filter((step) -> step.getStepName().equals(workerStep))
				.reduce((first, second) -> second)
				.orElse(steps.isEmpty() ? null : steps.get(steps.size() - 1));
			if (owner == null) {
				steps.add(stepExecution);
			}
			else {
				partitionsByStep.computeIfAbsent(owner.getId(), (id) -> new ArrayList<>()).add(stepExecution);
			}
		}
		Map<String, String> parameters = new TreeMap<>();
		execution.getJobParameters()
			.parameters()
			.forEach((parameter) -> parameters.put(parameter.name(), String.valueOf(parameter.value())));
		return new JobExecutionDetails(execution.getId(), execution.getJobInstance().getInstanceId(),
				execution.getJobInstance().getJobName(), execution.getStatus().name(),
				execution.getExitStatus().getExitCode(), execution.getExitStatus().getExitDescription(),
				instant(execution.getCreateTime()), instant(execution.getStartTime()), instant(execution.getEndTime()),
				durationMillis(execution.getStartTime(), execution.getEndTime()), shownParameters.apply(parameters),
				steps.stream()
					.map((step) -> StepDetails.of(step, partitionsByStep.getOrDefault(step.getId(), List.of())))
					.toList());
	}

	static @Nullable Instant instant(@Nullable LocalDateTime time) {
		return (time != null) ? time.atZone(ZoneId.systemDefault()).toInstant() : null;
	}

	static @Nullable Long durationMillis(@Nullable LocalDateTime start, @Nullable LocalDateTime end) {
		if (start == null) {
			return null;
		}
		return Duration.between(start, (end != null) ? end : LocalDateTime.now()).toMillis();
	}

	/**
	 * A step of the execution.
	 *
	 * @param name the step's name
	 * @param id the step execution id
	 * @param status the batch status
	 * @param exitCode the exit code
	 * @param exitDescription the exit description
	 * @param readCount items read
	 * @param writeCount items written
	 * @param startTime when it started
	 * @param endTime when it ended
	 * @param durationMillis how long it ran, or has run so far
	 * @param partitions its partitions (one for a remote step), empty for a step that
	 * runs in the manager
	 */
	public record StepDetails(String name, long id, String status, String exitCode, String exitDescription,
			long readCount, long writeCount, @Nullable Instant startTime, @Nullable Instant endTime,
			@Nullable Long durationMillis, List<PartitionDetails> partitions) {

		static StepDetails of(StepExecution step, List<StepExecution> partitions) {
			return new StepDetails(step.getStepName(), step.getId(), step.getStatus().name(),
					step.getExitStatus().getExitCode(), step.getExitStatus().getExitDescription(), step.getReadCount(),
					step.getWriteCount(), instant(step.getStartTime()), instant(step.getEndTime()),
					JobExecutionDetails.durationMillis(step.getStartTime(), step.getEndTime()),
					partitions.stream().map(PartitionDetails::of).toList());
		}

	}

	/**
	 * A partition: one step execution run by one or more workers, one per attempt.
	 *
	 * @param name the partition's step name ({@code <worker step>:<partition>})
	 * @param stepExecutionId the step execution id
	 * @param status the batch status
	 * @param exitCode the exit code
	 * @param exitDescription the exit description
	 * @param readCount items read
	 * @param writeCount items written
	 * @param startTime when its last attempt started
	 * @param endTime when it ended
	 * @param durationMillis how long its last attempt ran, or has run so far
	 * @param attempts its attempts, oldest first
	 */
	public record PartitionDetails(String name, long stepExecutionId, String status, String exitCode,
			String exitDescription, long readCount, long writeCount, @Nullable Instant startTime,
			@Nullable Instant endTime, @Nullable Long durationMillis, List<AttemptDetails> attempts) {

		static PartitionDetails of(StepExecution partition) {
			return new PartitionDetails(partition.getStepName(), partition.getId(), partition.getStatus().name(),
					partition.getExitStatus().getExitCode(), partition.getExitStatus().getExitDescription(),
					partition.getReadCount(), partition.getWriteCount(), instant(partition.getStartTime()),
					instant(partition.getEndTime()),
					JobExecutionDetails.durationMillis(partition.getStartTime(), partition.getEndTime()),
					AttemptHistory.of(partition).stream().map(AttemptDetails::of).toList());
		}

	}

	/**
	 * One attempt of a partition (see {@link Attempt}).
	 *
	 * @param attempt 1 for the first launch, 2 for the first retry, and so on
	 * @param worker the worker's name: the Kubernetes Job, or {@code pid <pid>}
	 * @param pod the pod (or {@code pid <pid>} locally)
	 * @param node the node (or host)
	 * @param launchedAt when it was launched
	 * @param endedAt when its worker ended, {@code null} while it runs
	 * @param durationMillis how long it took, {@code null} while it runs
	 * @param status its outcome, or its running status
	 * @param reason the first line of its failure's description
	 */
	public record AttemptDetails(int attempt, @Nullable String worker, @Nullable String pod, @Nullable String node,
			@Nullable Instant launchedAt, @Nullable Instant endedAt, @Nullable Long durationMillis, String status,
			@Nullable String reason) {

		static AttemptDetails of(Attempt attempt) {
			Duration duration = attempt.duration();
			return new AttemptDetails(attempt.attempt(), attempt.worker(), attempt.pod(), attempt.node(),
					attempt.launchedAt(), attempt.endedAt(), (duration != null) ? duration.toMillis() : null,
					attempt.status(), attempt.reason());
		}

	}

}
