package io.partita.launch.kubernetes;

import java.util.LinkedHashMap;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.partita.worker.WorkerContract;
import org.jspecify.annotations.Nullable;

/**
 * A {@link WorkerJobDecorator} that names the Job and puts Partita's labels and
 * annotations, over the configured extra ones, on the Job and on its pod template. An
 * Indexed Job, whose pods run different step executions, carries the manager step
 * execution id and round instead of a step execution id.
 */
final class MetadataDecorator implements WorkerJobDecorator {

	@Override
	public Job decorate(Job job, WorkerJobParameters parameters) {
		Map<String, String> labels = labels(parameters);
		Map<String, String> annotations = annotations(parameters);
		JobSpec spec = job.getSpec();
		PodTemplateSpec template = (spec != null) ? spec.getTemplate() : null;
		ObjectMeta podMetadata = (template != null) ? template.getMetadata() : null;
		return new JobBuilder(job)
			.withMetadata(
					new ObjectMetaBuilder(metadata(job.getMetadata(), labels, annotations)).withName(parameters.name())
						.build())
			.editOrNewSpec()
			.editOrNewTemplate()
			.withMetadata(metadata(podMetadata, labels, annotations))
			.endTemplate()
			.endSpec()
			.build();
	}

	private static ObjectMeta metadata(@Nullable ObjectMeta base, Map<String, String> labels,
			Map<String, String> annotations) {
		ObjectMetaBuilder metadata = (base != null) ? new ObjectMetaBuilder(base) : new ObjectMetaBuilder();
		return metadata.addToLabels(labels).addToAnnotations(annotations).build();
	}

	private static Map<String, String> labels(WorkerJobParameters parameters) {
		WorkerContract contract = parameters.contract();
		Map<String, String> labels = new LinkedHashMap<>(parameters.settings().getLabels());
		labels.put(WorkerLabels.MANAGED_BY, WorkerLabels.MANAGED_BY_VALUE);
		labels.put(WorkerLabels.NAME, KubernetesNames.labelValue(parameters.applicationName()));
		labels.put(WorkerLabels.JOB_EXECUTION_ID, Long.toString(contract.jobExecutionId()));
		WorkerIndexes indexes = parameters.indexes();
		if (indexes != null) {
			labels.remove(WorkerLabels.STEP_EXECUTION_ID);
			labels.put(WorkerLabels.MANAGER_STEP_EXECUTION_ID, Long.toString(indexes.managerStepExecutionId()));
			labels.put(WorkerLabels.ROUND, Integer.toString(indexes.round()));
		}
		else {
			labels.put(WorkerLabels.STEP_EXECUTION_ID, Long.toString(contract.stepExecutionId()));
		}
		labels.put(WorkerLabels.STEP, KubernetesNames.labelValue(contract.workerStep()));
		labels.put(WorkerLabels.ATTEMPT, Integer.toString(contract.attempt()));
		return labels;
	}

	private static Map<String, String> annotations(WorkerJobParameters parameters) {
		Map<String, String> annotations = new LinkedHashMap<>(parameters.settings().getAnnotations());
		annotations.put(WorkerLabels.JOB_NAME_ANNOTATION, parameters.request().jobName());
		annotations.put(WorkerLabels.STEP_NAME_ANNOTATION, parameters.contract().workerStep());
		return annotations;
	}

}
