package io.partita.launch.kubernetes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.partita.launch.kubernetes.KubernetesWorkerSettings.EnvVariable;
import io.partita.launch.kubernetes.KubernetesWorkerSettings.KeyReference;
import io.partita.worker.WorkerPlacement;

/**
 * A {@link WorkerJobDecorator} that sets up the worker container: image and pull policy,
 * the contract variables, the configured environment (plain values, and Secrets and
 * ConfigMaps by reference only), resources, and the worker's node and Job name through
 * the downward API (see {@link WorkerPlacement}). The manager's own environment is never
 * copied.
 */
final class ContainerDecorator implements WorkerJobDecorator {

	/**
	 * Label the Job controller puts on the pods of a Job, naming it.
	 */
	private static final String JOB_NAME_LABEL = "batch.kubernetes.io/job-name";

	@Override
	public Job decorate(Job job, WorkerJobParameters parameters) {
		KubernetesWorkerSettings settings = parameters.settings();
		Map<String, String> contract = parameters.contractEnvironment();
		return WorkerContainers.editWorkerContainer(job, (container) -> {
			Container base = container.build();
			container.withImage(parameters.image());
			if (settings.getImagePullPolicy() != null) {
				container.withImagePullPolicy(settings.getImagePullPolicy());
			}
			container.withEnv(env(base.getEnv(), settings.getEnv(), contract));
			List<EnvFromSource> envFrom = new ArrayList<>((base.getEnvFrom() != null) ? base.getEnvFrom() : List.of());
			settings.getEnvFromConfigMaps()
				.forEach((name) -> envFrom.add(new EnvFromSourceBuilder().withNewConfigMapRef(name, false).build()));
			settings.getEnvFromSecrets()
				.forEach((name) -> envFrom.add(new EnvFromSourceBuilder().withNewSecretRef(name, false).build()));
			container.withEnvFrom(envFrom);
			container.withResources(resources(base.getResources(), settings.getResources()));
			return container;
		});
	}

	private static List<EnvVar> env(List<EnvVar> template, Map<String, EnvVariable> configured,
			Map<String, String> contract) {
		Map<String, EnvVar> env = new LinkedHashMap<>();
		if (template != null) {
			template.forEach((variable) -> env.put(variable.getName(), variable));
		}
		configured.forEach((name, variable) -> env.put(name, envVar(name, variable)));
		Set<String> contractNames = contract.keySet();
		contractNames.forEach(env::remove);
		contract.forEach((name, value) -> env.put(name, new EnvVar(name, value, null)));
		env.put(WorkerPlacement.NODE_NAME_VARIABLE, fieldRef(WorkerPlacement.NODE_NAME_VARIABLE, "spec.nodeName"));
		env.put(WorkerPlacement.WORKER_NAME_VARIABLE,
				fieldRef(WorkerPlacement.WORKER_NAME_VARIABLE, "metadata.labels['" + JOB_NAME_LABEL + "']"));
		return new ArrayList<>(env.values());
	}

	private static EnvVar fieldRef(String name, String fieldPath) {
		return new EnvVarBuilder().withName(name)
			.withNewValueFrom()
			.withNewFieldRef(null, fieldPath)
			.endValueFrom()
			.build();
	}

	private static EnvVar envVar(String name, EnvVariable variable) {
		KeyReference secret = variable.getSecretKeyRef();
		KeyReference configMap = variable.getConfigMapKeyRef();
		int sources = ((variable.getValue() != null) ? 1 : 0) + (secret.hasNameAndKey() ? 1 : 0)
				+ (configMap.hasNameAndKey() ? 1 : 0);
		if (sources != 1) {
			throw new IllegalStateException("Worker environment variable " + name + " needs exactly one of value, "
					+ "secret-key-ref (name and key) or config-map-key-ref (name and key), but has " + sources);
		}
		EnvVarBuilder builder = new EnvVarBuilder().withName(name);
		if (secret.hasNameAndKey()) {
			return builder.withNewValueFrom()
				.withNewSecretKeyRef(secret.getKey(), secret.getName(), secret.isOptional())
				.endValueFrom()
				.build();
		}
		if (configMap.hasNameAndKey()) {
			return builder.withNewValueFrom()
				.withNewConfigMapKeyRef(configMap.getKey(), configMap.getName(), configMap.isOptional())
				.endValueFrom()
				.build();
		}
		return builder.withValue(variable.getValue()).build();
	}

	private static ResourceRequirements resources(ResourceRequirements base,
			KubernetesWorkerSettings.Resources configured) {
		ResourceRequirementsBuilder resources = (base != null) ? new ResourceRequirementsBuilder(base)
				: new ResourceRequirementsBuilder();
		configured.getRequests().forEach((name, value) -> resources.addToRequests(name, new Quantity(value)));
		configured.getLimits().forEach((name, value) -> resources.addToLimits(name, new Quantity(value)));
		return resources.build();
	}

}
