package io.partita.launch.local;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.partita.worker.WorkerContract;

/**
 * Marks each worker process with a system property naming its job execution, step
 * execution and attempt, the local counterpart of a worker Job's labels, and finds the
 * marked processes still alive, such as those of a manager that died.
 */
final class LocalWorkerProcesses {

	private static final String MARKER = "-Dpartita.worker=";

	private LocalWorkerProcesses() {
	}

	/**
	 * Returns the JVM argument that marks the worker of the given contract.
	 */
	static String marker(WorkerContract contract) {
		return MARKER + contract.jobExecutionId() + "." + contract.stepExecutionId() + "." + contract.attempt();
	}

	/**
	 * Returns the live worker processes of the given job execution.
	 */
	static List<Found> findAlive(long jobExecutionId) {
		String prefix = MARKER + jobExecutionId + ".";
		try (Stream<ProcessHandle> processes = ProcessHandle.allProcesses()) {
			return processes.filter(ProcessHandle::isAlive)
				.flatMap((process) -> marker(process, prefix).map((marker) -> found(process, marker)).stream())
				.toList();
		}
	}

	private static Optional<String> marker(ProcessHandle process, String prefix) {
		String[] arguments = process.info().arguments().orElse(new String[0]);
		return Stream.of(arguments).filter((argument) -> argument.startsWith(prefix)).findFirst();
	}

	private static Found found(ProcessHandle process, String marker) {
		String[] ids = marker.substring(MARKER.length()).split("\\.");
		return new Found(process, Long.parseLong(ids[0]), Long.parseLong(ids[1]), Integer.parseInt(ids[2]));
	}

	/**
	 * A live worker process and what its marker names.
	 */
	record Found(ProcessHandle process, long jobExecutionId, long stepExecutionId, int attempt) {
	}

}
