package io.partita.launch.kubernetes;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.VersionInfo;
import org.jspecify.annotations.Nullable;

/**
 * A {@link WorkerJobClient} that forwards every call to another, for tests and benchmarks
 * that watch or hold some of them.
 */
public class ForwardingWorkerJobClient implements WorkerJobClient {

	private final WorkerJobClient delegate;

	public ForwardingWorkerJobClient(WorkerJobClient delegate) {
		this.delegate = delegate;
	}

	@Override
	public String namespace() {
		return this.delegate.namespace();
	}

	@Override
	public Job createJob(Job job) {
		return this.delegate.createJob(job);
	}

	@Override
	public @Nullable Job getJob(String name) {
		return this.delegate.getJob(name);
	}

	@Override
	public boolean deleteJob(String name) {
		return this.delegate.deleteJob(name);
	}

	@Override
	public boolean deletePod(String name) {
		return this.delegate.deletePod(name);
	}

	@Override
	public WorkerWatch watch(Map<String, String> labels, WorkerEventHandler handler) {
		return this.delegate.watch(labels, handler);
	}

	@Override
	public VersionInfo serverVersion() {
		return this.delegate.serverVersion();
	}

	@Override
	public List<String> podLogTail(String podName, String containerName, int lines) {
		return this.delegate.podLogTail(podName, containerName, lines);
	}

	@Override
	public String managerImage() {
		return this.delegate.managerImage();
	}

}
