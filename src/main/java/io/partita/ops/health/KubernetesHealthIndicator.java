package io.partita.ops.health;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.util.Assert;

/**
 * A {@link HealthIndicator} for the Kubernetes launcher: up when the API server answers
 * and grants the manager, as a {@code SelfSubjectAccessReview} tells, every
 * {@link KubernetesPermission#MANAGER permission it needs} in the namespace of its
 * workers; down with the missing permissions and the fix otherwise.
 */
public class KubernetesHealthIndicator extends AbstractHealthIndicator {

	private final KubernetesClient client;

	private final String namespace;

	private final List<KubernetesPermission> permissions;

	/**
	 * Creates an indicator that checks the permissions the manager needs.
	 * @param client the manager's client
	 * @param namespace the namespace of the worker Jobs
	 */
	public KubernetesHealthIndicator(KubernetesClient client, String namespace) {
		this(client, namespace, KubernetesPermission.MANAGER);
	}

	/**
	 * Creates an indicator that checks the given permissions.
	 * @param client the manager's client
	 * @param namespace the namespace of the worker Jobs
	 * @param permissions the permissions to check in that namespace
	 */
	public KubernetesHealthIndicator(KubernetesClient client, String namespace,
			List<KubernetesPermission> permissions) {
		super("the Kubernetes API server cannot be reached");
		Assert.notNull(client, "client must not be null");
		Assert.hasText(namespace, "namespace must not be empty");
		this.client = client;
		this.namespace = namespace;
		this.permissions = List.copyOf(permissions);
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		VersionInfo version = this.client.getKubernetesVersion();
		builder.withDetail("version", version.getGitVersion()).withDetail("namespace", this.namespace);
		List<KubernetesPermission> missing = this.permissions.stream().filter((p) -> !isAllowed(p)).toList();
		if (missing.isEmpty()) {
			builder.up();
			return;
		}
		builder.down()
			.withDetail("missingPermissions", missing.stream().map(KubernetesPermission::describe).toList())
			.withDetail("fix", fix(missing));
	}

	private boolean isAllowed(KubernetesPermission permission) {
		SelfSubjectAccessReview review = new SelfSubjectAccessReviewBuilder().withNewSpec()
			.withNewResourceAttributes()
			.withNamespace(this.namespace)
			.withVerb(permission.verb())
			.withGroup(permission.group())
			.withResource(permission.resource())
			.withSubresource(permission.subresource())
			.endResourceAttributes()
			.endSpec()
			.build();
		SelfSubjectAccessReview answer = this.client.authorization().v1().selfSubjectAccessReview().create(review);
		return answer.getStatus() != null && Boolean.TRUE.equals(answer.getStatus().getAllowed());
	}

	private String fix(List<KubernetesPermission> missing) {
		Map<String, List<String>> verbsByResource = new LinkedHashMap<>();
		missing.forEach(
				(permission) -> verbsByResource
					.computeIfAbsent(
							"'" + permission.resourcePath() + "' (apiGroup "
									+ (permission.group().isEmpty() ? "\"\"" : permission.group()) + ")",
							(key) -> new ArrayList<>())
					.add(permission.verb()));
		return "grant the manager's service account, in a Role of namespace " + this.namespace
				+ " bound to it (see config/role.yaml): "
				+ verbsByResource.entrySet()
					.stream()
					.map((entry) -> "verbs " + String.join(", ", entry.getValue()) + " on " + entry.getKey())
					.collect(Collectors.joining("; "));
	}

}
