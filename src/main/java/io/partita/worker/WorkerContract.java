package io.partita.worker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.core.env.PropertyResolver;

/**
 * The manager-to-worker half of the contract: the environment variables that make a
 * process a worker for one step execution. The same variables are used by every launcher.
 *
 * @param jobExecutionId the manager's job execution id
 * @param stepExecutionId the step execution the worker runs
 * @param workerStep the bean name of the worker {@code Step}
 * @param attempt 1 for the first launch of a partition, 2 for its first retry, and so on
 */
public record WorkerContract(long jobExecutionId, long stepExecutionId, String workerStep, int attempt) {

	public static final String JOB_EXECUTION_ID = "PARTITA_JOB_EXECUTION_ID";

	public static final String STEP_EXECUTION_ID = "PARTITA_STEP_EXECUTION_ID";

	public static final String STEP_EXECUTION_IDS = "PARTITA_STEP_EXECUTION_IDS";

	public static final String JOB_COMPLETION_INDEX = "JOB_COMPLETION_INDEX";

	public static final String WORKER_STEP = "PARTITA_WORKER_STEP";

	public static final String ATTEMPT = "PARTITA_ATTEMPT";

	/**
	 * Whether the given environment asks this process to be a worker.
	 */
	public static boolean isWorker(PropertyResolver environment) {
		return environment.containsProperty(STEP_EXECUTION_ID) || environment.containsProperty(STEP_EXECUTION_IDS);
	}

	/**
	 * Reads the contract from the environment.
	 * @throws WorkerContractException naming the first variable that is missing or
	 * malformed
	 */
	public static WorkerContract from(PropertyResolver environment) {
		long jobExecutionId = positiveLong(environment, JOB_EXECUTION_ID);
		long stepExecutionId = environment.containsProperty(STEP_EXECUTION_IDS) ? indexedStepExecutionId(environment)
				: positiveLong(environment, STEP_EXECUTION_ID);
		String workerStep = required(environment, WORKER_STEP);
		long attempt = positiveLong(environment, ATTEMPT);
		if (attempt > Integer.MAX_VALUE) {
			throw new WorkerContractException(ATTEMPT, "must be a positive number, but was " + attempt);
		}
		return new WorkerContract(jobExecutionId, stepExecutionId, workerStep, (int) attempt);
	}

	/**
	 * The names of every variable of the contract, including those of indexed Jobs.
	 */
	public static List<String> variables() {
		return List.of(JOB_EXECUTION_ID, STEP_EXECUTION_ID, STEP_EXECUTION_IDS, JOB_COMPLETION_INDEX, WORKER_STEP,
				ATTEMPT);
	}

	/**
	 * The environment variables that carry this contract to a worker.
	 */
	public Map<String, String> toEnvironment() {
		Map<String, String> environment = new LinkedHashMap<>();
		environment.put(JOB_EXECUTION_ID, Long.toString(this.jobExecutionId));
		environment.put(STEP_EXECUTION_ID, Long.toString(this.stepExecutionId));
		environment.put(WORKER_STEP, this.workerStep);
		environment.put(ATTEMPT, Integer.toString(this.attempt));
		return environment;
	}

	/**
	 * Formats ordered step execution ids for {@value #STEP_EXECUTION_IDS}:
	 * comma-separated, each run of consecutive ids written as {@code first-last}, so that
	 * thousands of partitions split at once fit in a few characters.
	 */
	public static String formatStepExecutionIds(List<Long> ids) {
		StringBuilder formatted = new StringBuilder();
		int start = 0;
		while (start < ids.size()) {
			int end = start;
			while (end + 1 < ids.size() && ids.get(end + 1) == ids.get(end) + 1) {
				end++;
			}
			if (!formatted.isEmpty()) {
				formatted.append(',');
			}
			formatted.append(ids.get(start));
			if (end > start) {
				formatted.append('-').append(ids.get(end));
			}
			start = end + 1;
		}
		return formatted.toString();
	}

	/**
	 * Reads ordered step execution ids as {@link #formatStepExecutionIds} writes them.
	 * @throws WorkerContractException when an id or range is malformed
	 */
	public static List<Long> parseStepExecutionIds(String formatted) {
		List<Long> ids = new ArrayList<>();
		for (String item : formatted.split(",")) {
			String[] bounds = item.trim().split("-", 2);
			long first = parsePositive(STEP_EXECUTION_IDS, bounds[0].trim());
			long last = (bounds.length > 1) ? parsePositive(STEP_EXECUTION_IDS, bounds[1].trim()) : first;
			if (last < first) {
				throw new WorkerContractException(STEP_EXECUTION_IDS,
						"holds the range " + item.trim() + ", whose end is below its start");
			}
			for (long id = first; id <= last; id++) {
				ids.add(id);
			}
		}
		return ids;
	}

	private static long indexedStepExecutionId(PropertyResolver environment) {
		long index = parsePositiveOrZero(JOB_COMPLETION_INDEX, required(environment, JOB_COMPLETION_INDEX));
		List<Long> ids = parseStepExecutionIds(required(environment, STEP_EXECUTION_IDS));
		if (index >= ids.size()) {
			throw new WorkerContractException(JOB_COMPLETION_INDEX,
					"is " + index + " but " + STEP_EXECUTION_IDS + " holds only " + ids.size() + " ids");
		}
		return ids.get((int) index);
	}

	private static String required(PropertyResolver environment, String name) {
		String value = environment.getProperty(name);
		if (value == null || value.isBlank()) {
			throw new WorkerContractException(name, "is missing; the manager sets it when it launches a worker");
		}
		return value.trim();
	}

	private static long positiveLong(PropertyResolver environment, String name) {
		return parsePositive(name, required(environment, name));
	}

	private static long parsePositive(String name, String value) {
		long parsed = parsePositiveOrZero(name, value);
		if (parsed == 0) {
			throw new WorkerContractException(name, "must be a positive number, but was 0");
		}
		return parsed;
	}

	private static long parsePositiveOrZero(String name, @Nullable String value) {
		try {
			long parsed = Long.parseLong(String.valueOf(value));
			if (parsed >= 0) {
				return parsed;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new WorkerContractException(name, "must be a positive number, but was '" + value + "'");
	}

}
