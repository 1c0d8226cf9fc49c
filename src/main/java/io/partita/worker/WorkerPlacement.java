package io.partita.worker;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Where a worker runs, as the worker itself sees it, recorded in its step's
 * {@link ExecutionContext} when it starts so that operators can see the attempt while it
 * runs: on Kubernetes its Job ({@value #WORKER_NAME_VARIABLE}, from the pod's
 * {@code batch.kubernetes.io/job-name} label), its pod ({@code HOSTNAME}) and its node
 * ({@value #NODE_NAME_VARIABLE}, from {@code spec.nodeName}); locally its process id and
 * the host name.
 *
 * @param worker how the manager names the worker: the Kubernetes Job name, or
 * {@code pid <pid>}
 * @param pod the pod name, or {@code pid <pid>} for a local process
 * @param node the Kubernetes node, or the host name
 */
public record WorkerPlacement(String worker, String pod, @Nullable String node) {

	/**
	 * Variable the Kubernetes launcher sets to the worker's node, through the downward
	 * API.
	 */
	public static final String NODE_NAME_VARIABLE = "PARTITA_NODE_NAME";

	/**
	 * Variable the Kubernetes launcher sets to the worker's Job name, through the
	 * downward API.
	 */
	public static final String WORKER_NAME_VARIABLE = "PARTITA_WORKER_NAME";

	/** Execution context key of the attempt the recorded placement belongs to. */
	public static final String ATTEMPT_KEY = "partita.worker.attempt";

	/** Execution context key of {@link #worker()}. */
	public static final String WORKER_KEY = "partita.worker.name";

	/** Execution context key of {@link #pod()}. */
	public static final String POD_KEY = "partita.worker.pod";

	/** Execution context key of {@link #node()}. */
	public static final String NODE_KEY = "partita.worker.node";

	/** Execution context key of the instant the worker started the attempt. */
	public static final String STARTED_AT_KEY = "partita.worker.startedAt";

	/**
	 * Returns the placement of this process, read from the given environment variables.
	 */
	public static WorkerPlacement of(Map<String, String> environment) {
		String node = nonBlank(environment.get(NODE_NAME_VARIABLE));
		String hostname = nonBlank(environment.get("HOSTNAME"));
		if (node != null && hostname != null) {
			String job = nonBlank(environment.get(WORKER_NAME_VARIABLE));
			return new WorkerPlacement((job != null) ? job : hostname, hostname, node);
		}
		String pid = "pid " + ProcessHandle.current().pid();
		return new WorkerPlacement(pid, pid, localHostName(hostname));
	}

	/**
	 * Records this placement in the given execution context as that of the given attempt,
	 * started now.
	 */
	public void recordIn(ExecutionContext context, int attempt) {
		context.putInt(ATTEMPT_KEY, attempt);
		context.putString(WORKER_KEY, this.worker);
		context.putString(POD_KEY, this.pod);
		if (this.node != null) {
			context.putString(NODE_KEY, this.node);
		}
		else {
			context.remove(NODE_KEY);
		}
		context.putString(STARTED_AT_KEY, Instant.now().toString());
	}

	private static @Nullable String nonBlank(@Nullable String value) {
		return (value != null && !value.isBlank()) ? value : null;
	}

	private static @Nullable String localHostName(@Nullable String hostname) {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return hostname;
		}
	}

}
