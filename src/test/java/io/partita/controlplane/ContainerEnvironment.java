package io.partita.controlplane;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.jspecify.annotations.Nullable;

/**
 * Resolves a container's environment as a kubelet does: {@code envFrom} Secrets and
 * ConfigMaps first, then {@code env} entries (literal values with {@code $(VAR)}
 * references, {@code secretKeyRef}, {@code configMapKeyRef} and {@code fieldRef}), on top
 * of a base environment standing in for the image's.
 */
final class ContainerEnvironment {

	private static final Pattern FIELD_MAP_ENTRY = Pattern.compile("metadata\\.(labels|annotations)\\['(.+)'\\]");

	private static final Pattern REFERENCE = Pattern.compile("\\$\\$|\\$\\(([-._a-zA-Z0-9]+)\\)");

	private final KubernetesClient client;

	private final Map<String, String> base;

	ContainerEnvironment(KubernetesClient client, Map<String, String> base) {
		this.client = client;
		this.base = Map.copyOf(base);
	}

	/**
	 * Resolves the environment of a container.
	 * @param pod the pod, as bound to a node
	 * @param container one of its containers
	 * @return the variables, in the order a kubelet would set them
	 * @throws ContainerConfigException with a kubelet's message when a non-optional
	 * Secret, ConfigMap or key is missing
	 */
	Map<String, String> resolve(Pod pod, Container container) throws ContainerConfigException {
		Map<String, String> environment = new LinkedHashMap<>(this.base);
		environment.put("HOSTNAME", pod.getMetadata().getName());
		String namespace = pod.getMetadata().getNamespace();
		for (EnvFromSource source : list(container.getEnvFrom())) {
			String prefix = (source.getPrefix() != null) ? source.getPrefix() : "";
			Map<String, String> values = Map.of();
			if (source.getSecretRef() != null) {
				Secret secret = secret(namespace, source.getSecretRef().getName(),
						Boolean.TRUE.equals(source.getSecretRef().getOptional()));
				values = (secret != null) ? decoded(secret.getData()) : Map.of();
			}
			else if (source.getConfigMapRef() != null) {
				ConfigMap configMap = configMap(namespace, source.getConfigMapRef().getName(),
						Boolean.TRUE.equals(source.getConfigMapRef().getOptional()));
				values = (configMap != null) ? configMapValues(configMap) : Map.of();
			}
			values.forEach((key, value) -> environment.put(prefix + key, value));
		}
		for (EnvVar variable : list(container.getEnv())) {
			String value = (variable.getValueFrom() != null) ? valueFrom(pod, variable.getValueFrom())
					: expand((variable.getValue() != null) ? variable.getValue() : "", environment);
			if (value != null) {
				environment.put(variable.getName(), value);
			}
		}
		return environment;
	}

	/**
	 * Expands {@code $(VAR)} references as a kubelet does in {@code value},
	 * {@code command} and {@code args}: {@code $$} is a literal {@code $}, and a
	 * reference to an undefined variable stays as written.
	 * @param text the text to expand
	 * @param environment the variables defined so far
	 * @return the expanded text
	 */
	static String expand(String text, Map<String, String> environment) {
		Matcher matcher = REFERENCE.matcher(text);
		StringBuilder expanded = new StringBuilder();
		while (matcher.find()) {
			String name = matcher.group(1);
			String replacement = (name == null) ? "$" : environment.getOrDefault(name, matcher.group());
			matcher.appendReplacement(expanded, Matcher.quoteReplacement(replacement));
		}
		matcher.appendTail(expanded);
		return expanded.toString();
	}

	private @Nullable String valueFrom(Pod pod, EnvVarSource source) throws ContainerConfigException {
		String namespace = pod.getMetadata().getNamespace();
		if (source.getSecretKeyRef() != null) {
			SecretKeySelector selector = source.getSecretKeyRef();
			boolean optional = Boolean.TRUE.equals(selector.getOptional());
			Secret secret = secret(namespace, selector.getName(), optional);
			String value = (secret != null) ? decoded(secret.getData()).get(selector.getKey()) : null;
			if (value == null && secret != null && !optional) {
				throw new ContainerConfigException("couldn't find key " + selector.getKey() + " in Secret " + namespace
						+ "/" + selector.getName());
			}
			return value;
		}
		if (source.getConfigMapKeyRef() != null) {
			ConfigMapKeySelector selector = source.getConfigMapKeyRef();
			boolean optional = Boolean.TRUE.equals(selector.getOptional());
			ConfigMap configMap = configMap(namespace, selector.getName(), optional);
			String value = (configMap != null) ? configMapValues(configMap).get(selector.getKey()) : null;
			if (value == null && configMap != null && !optional) {
				throw new ContainerConfigException("couldn't find key " + selector.getKey() + " in ConfigMap "
						+ namespace + "/" + selector.getName());
			}
			return value;
		}
		if (source.getFieldRef() != null) {
			return field(pod, source.getFieldRef().getFieldPath());
		}
		throw new ContainerConfigException("NodeAgent does not support this env source: " + source);
	}

	private static String field(Pod pod, String path) throws ContainerConfigException {
		Matcher entry = FIELD_MAP_ENTRY.matcher(path);
		if (entry.matches()) {
			Map<String, String> map = "labels".equals(entry.group(1)) ? pod.getMetadata().getLabels()
					: pod.getMetadata().getAnnotations();
			return (map != null) ? map.getOrDefault(entry.group(2), "") : "";
		}
		String value = switch (path) {
			case "metadata.name" -> pod.getMetadata().getName();
			case "metadata.namespace" -> pod.getMetadata().getNamespace();
			case "metadata.uid" -> pod.getMetadata().getUid();
			case "spec.nodeName" -> pod.getSpec().getNodeName();
			case "spec.serviceAccountName" -> pod.getSpec().getServiceAccountName();
			case "status.hostIP", "status.podIP" -> PodStatuses.HOST_IP;
			default -> throw new ContainerConfigException("unsupported fieldPath " + path);
		};
		return (value != null) ? value : "";
	}

	private @Nullable Secret secret(String namespace, String name, boolean optional) throws ContainerConfigException {
		Secret secret = this.client.secrets().inNamespace(namespace).withName(name).get();
		if (secret == null && !optional) {
			throw new ContainerConfigException("secret \"" + name + "\" not found");
		}
		return secret;
	}

	private @Nullable ConfigMap configMap(String namespace, String name, boolean optional)
			throws ContainerConfigException {
		ConfigMap configMap = this.client.configMaps().inNamespace(namespace).withName(name).get();
		if (configMap == null && !optional) {
			throw new ContainerConfigException("configmap \"" + name + "\" not found");
		}
		return configMap;
	}

	private static Map<String, String> configMapValues(ConfigMap configMap) {
		Map<String, String> values = new LinkedHashMap<>(decoded(configMap.getBinaryData()));
		if (configMap.getData() != null) {
			values.putAll(configMap.getData());
		}
		return values;
	}

	private static Map<String, String> decoded(@Nullable Map<String, String> data) {
		Map<String, String> values = new LinkedHashMap<>();
		if (data != null) {
			data.forEach((key, value) -> values.put(key,
					new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
		}
		return values;
	}

	private static <T> List<T> list(@Nullable List<T> items) {
		return (items != null) ? items : List.of();
	}

}
