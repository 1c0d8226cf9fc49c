package io.partita.partition;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.partita.launch.WorkerExit;
import io.partita.worker.WorkerPlacement;
import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * The attempts of a partition: each ended attempt is recorded by the manager in the
 * partition's {@link ExecutionContext} under {@value #KEY}, once its worker has ended and
 * before any relaunch (while a worker lives, only the worker writes that context); the
 * attempt still running is read from what its worker recorded when it started (see
 * {@link WorkerPlacement}).
 * <p>
 * Entries are maps of strings and integers, so that any
 * {@code ExecutionContextSerializer} stores them; each names its step execution, so that
 * attempts a restart copied over with the context of an earlier execution are not taken
 * for this one's.
 */
public final class AttemptHistory {

	/**
	 * Execution context key of the list of ended attempts.
	 */
	public static final String KEY = "partita.attempts";

	private static final int REASON_LIMIT = 500;

	private AttemptHistory() {
	}

	/**
	 * Records an attempt whose worker has ended, with the outcome the partition's step
	 * execution now holds, and saves the execution context. Call only once the worker has
	 * ended.
	 * @param jobRepository where to save it
	 * @param partition the partition's step execution, as recorded after the worker's end
	 * @param worker the worker's name
	 * @param attempt the attempt
	 * @param launchedAt when the worker was launched
	 * @param exit how the worker ended
	 */
	static void record(JobRepository jobRepository, StepExecution partition, String worker, int attempt,
			Instant launchedAt, WorkerExit exit) {
		ExecutionContext context = partition.getExecutionContext();
		List<Map<String, Object>> entries = new ArrayList<>(entries(partition));
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("stepExecutionId", Long.toString(partition.getId()));
		entry.put("attempt", attempt);
		entry.put("worker", worker);
		if (Objects.equals(context.get(WorkerPlacement.ATTEMPT_KEY), attempt)) {
			putIfPresent(entry, "pod", context.get(WorkerPlacement.POD_KEY));
			putIfPresent(entry, "node", context.get(WorkerPlacement.NODE_KEY));
		}
		entry.put("launchedAt", launchedAt.toString());
		entry.put("endedAt", exit.endedAt().toString());
		entry.put("status", partition.getStatus().name());
		if (partition.getStatus() != BatchStatus.COMPLETED) {
			entry.put("reason", reason(partition.getExitStatus().getExitDescription()));
		}
		entries.add(entry);
		context.put(KEY, entries);
		jobRepository.updateExecutionContext(partition);
	}

	/**
	 * Returns the attempts of a partition, oldest first: those that ended, then the one
	 * running, if any.
	 * @param partition the partition's step execution, with its execution context
	 * @return the attempts
	 */
	public static List<Attempt> of(StepExecution partition) {
		List<Attempt> attempts = new ArrayList<>();
		for (Map<String, Object> entry : entries(partition)) {
			attempts.add(new Attempt(((Number) entry.get("attempt")).intValue(), (String) entry.get("worker"),
					(String) entry.get("pod"), (String) entry.get("node"), instant(entry.get("launchedAt")),
					instant(entry.get("endedAt")), (String) entry.get("status"), (String) entry.get("reason")));
		}
		Attempt running = running(partition, attempts.isEmpty() ? 0 : attempts.get(attempts.size() - 1).attempt());
		if (running != null) {
			attempts.add(running);
		}
		return attempts;
	}

	private static @Nullable Attempt running(StepExecution partition, int lastEnded) {
		ExecutionContext context = partition.getExecutionContext();
		if (!partition.getStatus().isRunning() || !(context.get(WorkerPlacement.ATTEMPT_KEY) instanceof Integer attempt)
				|| attempt <= lastEnded) {
			return null;
		}
		return new Attempt(attempt, (String) context.get(WorkerPlacement.WORKER_KEY),
				(String) context.get(WorkerPlacement.POD_KEY), (String) context.get(WorkerPlacement.NODE_KEY),
				instant(context.get(WorkerPlacement.STARTED_AT_KEY)), null, partition.getStatus().name(), null);
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> entries(StepExecution partition) {
		Object recorded = partition.getExecutionContext().get(KEY);
		if (!(recorded instanceof List<?> list)) {
			return List.of();
		}
		String id = Long.toString(partition.getId());
		return list.stream()
			.filter((entry) -> entry instanceof Map<?, ?> map && id.equals(map.get("stepExecutionId")))
			.map((entry) -> (Map<String, Object>) entry)
			.toList();
	}

	private static void putIfPresent(Map<String, Object> entry, String key, @Nullable Object value) {
		if (value != null) {
			entry.put(key, value);
		}
	}

	private static String reason(String exitDescription) {
		String firstLine = exitDescription.strip().lines().findFirst().orElse("");
		return (firstLine.length() > REASON_LIMIT) ? firstLine.substring(0, REASON_LIMIT) + "..." : firstLine;
	}

	private static @Nullable Instant instant(@Nullable Object value) {
		return (value instanceof String text) ? Instant.parse(text) : null;
	}

	/**
	 * One attempt of a partition: one worker.
	 *
	 * @param attempt 1 for the first launch, 2 for the first retry, and so on
	 * @param worker the worker's name (Kubernetes Job, or {@code pid <pid>}), when known
	 * @param pod the pod that ran it (or {@code pid <pid>} locally), when its worker
	 * recorded it
	 * @param node the node (or host) it ran on, when its worker recorded it
	 * @param launchedAt when it was launched (while it runs: when its worker started)
	 * @param endedAt when its worker ended, or {@code null} while it runs
	 * @param status its outcome, as a {@link BatchStatus} name; a running status while it
	 * runs
	 * @param reason the first line of the failure's description, or {@code null} when it
	 * completed or runs
	 */
	public record Attempt(int attempt, @Nullable String worker, @Nullable String pod, @Nullable String node,
			@Nullable Instant launchedAt, @Nullable Instant endedAt, String status, @Nullable String reason) {

		/**
		 * Returns how long the attempt took, or {@code null} while it runs.
		 */
		public @Nullable Duration duration() {
			return (this.launchedAt != null && this.endedAt != null) ? Duration.between(this.launchedAt, this.endedAt)
					: null;
		}

	}

}
