package io.partita.launch.kubernetes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplate;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * A {@link WorkerJobDecorator} that starts the pod template from the configured
 * pod-template file (a PodTemplateSpec, a PodTemplate or a Pod in YAML), so everything
 * the settings do not map can still be set. Runs first; the decorators after it overlay
 * what they map. Each file is read once.
 */
final class PodTemplateFileDecorator implements WorkerJobDecorator {

	private final KubernetesSerialization serialization = new KubernetesSerialization();

	private final Map<Path, PodTemplateSpec> templates = new ConcurrentHashMap<>();

	@Override
	public Job decorate(Job job, WorkerJobParameters parameters) {
		Path file = parameters.settings().getPodTemplateFile();
		if (file == null) {
			return job;
		}
		PodTemplateSpec template = new PodTemplateSpecBuilder(this.templates.computeIfAbsent(file, this::load)).build();
		return new JobBuilder(job).editOrNewSpec().withTemplate(template).endSpec().build();
	}

	private PodTemplateSpec load(Path file) {
		String yaml;
		try {
			yaml = Files.readString(file);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read the worker pod template " + file.toAbsolutePath()
					+ " (partita.kubernetes.pod-template-file): " + ex.getMessage(), ex);
		}
		try {
			Map<?, ?> raw = this.serialization.unmarshal(yaml, Map.class);
			Object kind = (raw != null) ? raw.get("kind") : null;
			if ("Pod".equals(kind)) {
				Pod pod = this.serialization.unmarshal(yaml, Pod.class);
				return new PodTemplateSpec(pod.getMetadata(), pod.getSpec());
			}
			if ("PodTemplate".equals(kind)) {
				return this.serialization.unmarshal(yaml, PodTemplate.class).getTemplate();
			}
			if (kind != null) {
				throw new IllegalStateException("kind " + kind + " is not a PodTemplateSpec, PodTemplate or Pod");
			}
			return this.serialization.unmarshal(yaml, PodTemplateSpec.class);
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException(
					"Cannot use " + file.toAbsolutePath()
							+ " as the worker pod template (partita.kubernetes.pod-template-file): " + ex.getMessage(),
					ex);
		}
	}

}
