package io.partita.test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.partita.partition.PartitionFinishedEvent;
import io.partita.partition.PartitionLaunchedEvent;

import org.springframework.context.event.EventListener;

/**
 * Records the partition events a manager publishes, in the order it published them.
 */
public class PartitionEventRecorder {

	private final List<Object> events = new ArrayList<>();

	private static final String PID_PREFIX = "pid ";

	private final Map<Long, Integer> mostProcessesAlive = new HashMap<>();

	@EventListener
	public synchronized void launched(PartitionLaunchedEvent event) {
		this.events.add(event);
		long alive = launches(event.jobExecutionId()).stream()
			.filter((launch) -> launch.workerName().startsWith(PID_PREFIX))
			.map((launch) -> ProcessHandle.of(pid(launch.workerName())))
			.filter((process) -> process.isPresent() && process.get().isAlive())
			.count();
		this.mostProcessesAlive.merge(event.jobExecutionId(), (int) alive, Math::max);
	}

	@EventListener
	public synchronized void finished(PartitionFinishedEvent event) {
		this.events.add(event);
	}

	public synchronized List<Object> events(long jobExecutionId) {
		return this.events.stream().filter((event) -> jobExecutionId(event) == jobExecutionId).toList();
	}

	public List<PartitionLaunchedEvent> launches(long jobExecutionId) {
		return events(jobExecutionId).stream()
			.filter(PartitionLaunchedEvent.class::isInstance)
			.map(PartitionLaunchedEvent.class::cast)
			.toList();
	}

	public List<PartitionFinishedEvent> finishes(long jobExecutionId) {
		return events(jobExecutionId).stream()
			.filter(PartitionFinishedEvent.class::isInstance)
			.map(PartitionFinishedEvent.class::cast)
			.toList();
	}

	/**
	 * The most workers alive at once for the given job execution: a worker counts from
	 * its launch until the manager learnt that its process ended.
	 */
	public int maxConcurrentWorkers(long jobExecutionId) {
		int alive = 0;
		int max = 0;
		for (Object event : events(jobExecutionId)) {
			alive += (event instanceof PartitionLaunchedEvent) ? 1 : -1;
			max = Math.max(max, alive);
		}
		return max;
	}

	/**
	 * The most worker processes of the given job execution that the operating system
	 * reported alive at the moment of a launch, the new one included.
	 */
	public synchronized int mostWorkerProcessesAliveAtLaunch(long jobExecutionId) {
		return this.mostProcessesAlive.getOrDefault(jobExecutionId, 0);
	}

	/**
	 * The process id of a local worker, from its name ({@code pid 1234}).
	 */
	public static long pid(String workerName) {
		return Long.parseLong(workerName.substring(PID_PREFIX.length()));
	}

	private static long jobExecutionId(Object event) {
		return (event instanceof PartitionLaunchedEvent launched) ? launched.jobExecutionId()
				: ((PartitionFinishedEvent) event).jobExecutionId();
	}

}
