package io.partita.controlplane;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The real control plane of {@link KubernetesControlPlane}: its version, RBAC as seen by
 * an impersonated ServiceAccount, and Pod Security admission in a restricted namespace.
 */
@ExtendWith(KubernetesControlPlane.class)
class ControlPlaneTests {

	@Test
	void apiServerReportsTheBuiltKubernetesVersion(ControlPlane controlPlane, KubernetesClient client) {
		assertThat(client.getKubernetesVersion().getGitVersion()).isEqualTo(controlPlane.version()).startsWith("v1.");
		assertThat(controlPlane.url()).startsWith("https://127.0.0.1:");
		assertThat(controlPlane.kubeconfig()).isRegularFile();
	}

	@Test
	void testClassGetsItsOwnNamespace(KubernetesClient client, TestNamespace namespace) {
		assertThat(client.namespaces().withName(namespace.name()).get()).isNotNull();
		assertThat(namespace.name()).startsWith("controlplanetests-");
	}

	@Test
	void impersonatedServiceAccountHasOnlyWhatItsRoleGrants(ControlPlane controlPlane, KubernetesClient client,
			TestNamespace namespace) {
		String ns = namespace.name();
		client.serviceAccounts()
			.inNamespace(ns)
			.resource(new ServiceAccountBuilder().withNewMetadata().withName("manager").endMetadata().build())
			.create();
		client.rbac()
			.roles()
			.inNamespace(ns)
			.resource(new RoleBuilder().withNewMetadata()
				.withName("pod-reader")
				.endMetadata()
				.addNewRule()
				.withApiGroups("")
				.withResources("pods")
				.withVerbs("get", "list", "watch")
				.endRule()
				.build())
			.create();
		client.rbac()
			.roleBindings()
			.inNamespace(ns)
			.resource(new RoleBindingBuilder().withNewMetadata()
				.withName("manager-reads-pods")
				.endMetadata()
				.withNewRoleRef("rbac.authorization.k8s.io", "Role", "pod-reader")
				.addNewSubject()
				.withKind("ServiceAccount")
				.withName("manager")
				.withNamespace(ns)
				.endSubject()
				.build())
			.create();
		try (KubernetesClient manager = controlPlane.impersonating(ns, "manager")) {
			assertThat(manager.pods().inNamespace(ns).list().getItems()).isEmpty();
			assertThatExceptionOfType(KubernetesClientException.class)
				.isThrownBy(() -> manager.batch().v1().jobs().inNamespace(ns).list())
				.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(403))
				.withMessageContaining("system:serviceaccount:" + ns + ":manager");
		}
	}

	@Test
	void restrictedNamespaceRejectsPrivilegedPod(KubernetesClient client,
			@RestrictedPodSecurity TestNamespace namespace) {
		Pod privileged = pod("privileged").editSpec()
			.editFirstContainer()
			.withNewSecurityContext()
			.withPrivileged(true)
			.endSecurityContext()
			.endContainer()
			.endSpec()
			.build();
		assertThatExceptionOfType(KubernetesClientException.class)
			.isThrownBy(() -> client.pods().inNamespace(namespace.name()).resource(privileged).create())
			.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(403))
			.withMessageContaining("violates PodSecurity \"restricted:latest\"")
			.withMessageContaining("privileged");
	}

	@Test
	void restrictedNamespaceAcceptsRestrictedPod(KubernetesClient client,
			@RestrictedPodSecurity TestNamespace namespace) {
		Pod restricted = pod("restricted").editSpec()
			.withNewSecurityContext()
			.withRunAsNonRoot(true)
			.withRunAsUser(1000L)
			.withNewSeccompProfile()
			.withType("RuntimeDefault")
			.endSeccompProfile()
			.endSecurityContext()
			.editFirstContainer()
			.withNewSecurityContext()
			.withAllowPrivilegeEscalation(false)
			.withReadOnlyRootFilesystem(true)
			.withNewCapabilities()
			.withDrop("ALL")
			.endCapabilities()
			.endSecurityContext()
			.endContainer()
			.endSpec()
			.build();

		Pod created = client.pods().inNamespace(namespace.name()).resource(restricted).create();

		assertThat(created.getMetadata().getUid()).isNotEmpty();
		assertThat(client.namespaces().withName(namespace.name()).get().getMetadata().getLabels())
			.containsEntry(ControlPlane.POD_SECURITY_ENFORCE, "restricted");
	}

	private static PodBuilder pod(String name) {
		return new PodBuilder().withNewMetadata()
			.withName(name)
			.endMetadata()
			.withNewSpec()
			.addNewContainer()
			.withName("app")
			.withImage("partita-test/sleep")
			.endContainer()
			.endSpec();
	}

}
