package io.partita.ops.health;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectRulesReviewStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.util.Assert;

/**
 * A {@link HealthIndicator} for the Kubernetes launcher: up when the API server answers
 * and grants the manager every {@link KubernetesPermission#MANAGER permission it needs}
 * in the namespace of its workers; down with the missing permissions and the fix
 * otherwise. One check costs two requests: the server's version and a
 * {@code SelfSubjectRulesReview} of the namespace. Only when the review says its rules
 * are incomplete (an authorizer, such as a webhook, that cannot list them) does it ask a
 * {@code SelfSubjectAccessReview} for each permission the rules do not grant.
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
		List<KubernetesPermission> missing = missingPermissions();
		if (missing.isEmpty()) {
			builder.up();
			return;
		}
		builder.down()
			.withDetail("missingPermissions", missing.stream().map(KubernetesPermission::describe).toList())
			.withDetail("fix", fix(missing));
	}

	private List<KubernetesPermission> missingPermissions() {
		SelfSubjectRulesReview review = this.client.authorization()
			.v1()
			.selfSubjectRulesReview()
			.create(new SelfSubjectRulesReviewBuilder().withNewSpec().withNamespace(this.namespace).endSpec().build());
		SubjectRulesReviewStatus status = review.getStatus();
		List<ResourceRule> rules = (status != null) ? status.getResourceRules() : List.of();
		List<KubernetesPermission> notGranted = this.permissions.stream()
			.filter((permission) -> rules.stream().noneMatch((rule) -> grants(rule, permission)))
			.toList();
		if (status != null && !Boolean.TRUE.equals(status.getIncomplete())) {
			return notGranted;
		}
		return notGranted.stream().filter((permission) -> !isAllowed(permission)).toList();
	}

	/**
	 * Whether an RBAC rule grants the permission on every object of its resource, as the
	 * RBAC authorizer matches them: {@code *} for any verb, group or resource, and
	 * {@code *}{@code /log} for a subresource of any resource.
	 */
	private static boolean grants(ResourceRule rule, KubernetesPermission permission) {
		List<String> resources = rule.getResources();
		boolean resourceMatches = resources.contains("*") || resources.contains(permission.resourcePath())
				|| (!permission.subresource().isEmpty() && resources.contains("*/" + permission.subresource()));
		return resourceMatches && matches(rule.getVerbs(), permission.verb())
				&& matches(rule.getApiGroups(), permission.group()) && rule.getResourceNames().isEmpty();
	}

	private static boolean matches(List<String> granted, String wanted) {
		return granted.contains("*") || granted.contains(wanted);
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
