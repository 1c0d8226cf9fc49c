package io.partita.ops.health;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.partita.controlplane.ControlPlane;
import io.partita.controlplane.KubernetesControlPlane;
import io.partita.controlplane.TestNamespace;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes health on a real control plane: the API server's version, and the
 * manager's RBAC permissions as SelfSubjectAccessReviews tell them, for service accounts
 * bound to the shipped Role ({@code config/role.yaml}) and to a Role that lacks verbs.
 */
@ExtendWith(KubernetesControlPlane.class)
class KubernetesHealthIndicatorTests {

	@BeforeAll
	static void shippedRole(ControlPlane controlPlane, TestNamespace namespace) throws IOException {
		KubernetesClient admin = controlPlane.client();
		admin.resource(read(admin, "role.yaml", Role.class)).inNamespace(namespace.name()).create();
		admin.resource(read(admin, "role-binding.yaml", RoleBinding.class)).inNamespace(namespace.name()).create();
	}

	@Test
	void upWithTheVersionWhenTheManagerMayDoEverythingItNeeds(ControlPlane controlPlane, TestNamespace namespace) {
		Health health = new KubernetesHealthIndicator(controlPlane.client(), namespace.name()).health();

		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("version", controlPlane.version())
			.containsEntry("namespace", namespace.name());
	}

	@Test
	void upForAServiceAccountBoundToTheShippedRole(ControlPlane controlPlane, TestNamespace namespace)
			throws IOException {
		try (KubernetesClient manager = controlPlane.impersonating(namespace.name(), "partita-manager")) {
			Health health = new KubernetesHealthIndicator(manager, namespace.name()).health();

			assertThat(health.getStatus()).isEqualTo(Status.UP);
		}
	}

	@Test
	void downNamingEachMissingPermissionAndTheFixForARoleWithoutTheNeededVerbs(ControlPlane controlPlane,
			TestNamespace namespace) throws IOException {
		KubernetesClient admin = controlPlane.client();
		Role shipped = read(admin, "role.yaml", Role.class);
		List<PolicyRule> rules = shipped.getRules()
			.stream()
			.filter((rule) -> !rule.getResources().contains("pods/log"))
			.map((rule) -> new PolicyRuleBuilder(rule)
				.withVerbs(
						rule.getVerbs().stream().filter((verb) -> !List.of("create", "delete").contains(verb)).toList())
				.build())
			.toList();
		String name = "partita-manager-read-only";
		admin.resource(new RoleBuilder(shipped).editMetadata().withName(name).endMetadata().withRules(rules).build())
			.inNamespace(namespace.name())
			.create();
		RoleBinding binding = read(admin, "role-binding.yaml", RoleBinding.class);
		binding.getMetadata().setName(name);
		binding.getRoleRef().setName(name);
		binding.getSubjects().get(0).setName(name);
		admin.resource(binding).inNamespace(namespace.name()).create();

		try (KubernetesClient manager = controlPlane.impersonating(namespace.name(), name)) {
			Health health = new KubernetesHealthIndicator(manager, namespace.name()).health();

			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsEntry("missingPermissions",
					List.of("create jobs.batch", "delete jobs.batch", "delete pods", "get pods/log"));
			assertThat(health.getDetails()).containsEntry("fix", "grant the manager's service account, in a Role of "
					+ "namespace " + namespace.name() + " bound to it (see config/role.yaml): verbs create, delete on "
					+ "'jobs' (apiGroup batch); verbs delete on 'pods' (apiGroup \"\"); verbs get on 'pods/log' "
					+ "(apiGroup \"\")");
		}
	}

	@Test
	void downWhenTheManagerMayDoNothingInAnotherNamespace(ControlPlane controlPlane, TestNamespace namespace)
			throws IOException {
		try (KubernetesClient manager = controlPlane.impersonating(namespace.name(), "partita-manager")) {
			Health health = new KubernetesHealthIndicator(manager, "default").health();

			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails().get("missingPermissions")).asInstanceOf(InstanceOfAssertFactories.LIST)
				.hasSize(KubernetesPermission.MANAGER.size());
		}
	}

	@Test
	void downWhenTheApiServerCannotBeReached() {
		try (KubernetesClient unreachable = new KubernetesClientBuilder()
			.withConfig(new ConfigBuilder().withMasterUrl("https://127.0.0.1:1")
				.withRequestRetryBackoffLimit(0)
				.withConnectionTimeout(2000)
				.build())
			.build()) {
			Health health = new KubernetesHealthIndicator(unreachable, "default").health();

			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsKey("error");
		}
	}

	private static <T extends HasMetadata> T read(KubernetesClient client, String file, Class<T> type)
			throws IOException {
		return client.getKubernetesSerialization().unmarshal(Files.readString(Path.of("config").resolve(file)), type);
	}

}
