package io.partita.launch.kubernetes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the Kustomize manifests in {@code config/} and the Dockerfile.
 */
class KustomizeManifestsTests {

	private static final Path CONFIG = Path.of("config");

	private final KubernetesSerialization serialization = new KubernetesSerialization();

	@Test
	@SuppressWarnings("unchecked")
	void kustomizationListsManifestsButNotTheSecretExample() throws IOException {
		Map<String, Object> kustomization = this.serialization.unmarshal(read("kustomization.yaml"), Map.class);
		assertThat((List<Object>) kustomization.get("resources")).containsExactlyInAnyOrder("service-account.yaml",
				"role.yaml", "role-binding.yaml", "manager-job.yaml");
		for (Object resource : (List<?>) kustomization.get("resources")) {
			assertThat(CONFIG.resolve(resource.toString())).exists();
		}
		assertThat(read("secret-example.yaml")).contains("EXAMPLE ONLY");
	}

	@Test
	void everyObjectCarriesRecommendedLabels() throws IOException {
		for (String file : List.of("service-account.yaml", "role.yaml", "role-binding.yaml", "manager-job.yaml",
				"scheduled/manager-cronjob.yaml")) {
			HasMetadata object = this.serialization.unmarshal(read(file));
			assertThat(object.getMetadata().getLabels()).as(file)
				.containsEntry("app.kubernetes.io/name", "partita")
				.containsEntry("app.kubernetes.io/component", "manager");
		}
	}

	@Test
	void roleGrantsExactlyTheVerbsTheManagerUses() throws IOException {
		Role role = this.serialization.unmarshal(read("role.yaml"), Role.class);
		assertThat(role.getMetadata().getName()).isEqualTo("partita-manager");
		assertThat(role.getRules()).hasSize(4);
		assertThat(rule(role, "jobs").getApiGroups()).containsExactly("batch");
		assertThat(rule(role, "jobs").getVerbs()).containsExactlyInAnyOrder("create", "get", "list", "watch", "delete");
		assertThat(rule(role, "pods").getVerbs()).containsExactlyInAnyOrder("get", "list", "watch", "delete");
		assertThat(rule(role, "pods/log").getVerbs()).containsExactly("get");
		assertThat(rule(role, "leases").getApiGroups()).containsExactly("coordination.k8s.io");
		assertThat(rule(role, "leases").getVerbs()).containsExactlyInAnyOrder("get", "create", "patch");
		role.getRules()
			.stream()
			.filter((rule) -> !rule.getResources().contains("leases"))
			.forEach((rule) -> assertThat(rule.getVerbs()).doesNotContain("*", "update", "patch"));
		role.getRules().forEach((rule) -> assertThat(rule.getVerbs()).doesNotContain("*", "update"));
		RoleBinding binding = this.serialization.unmarshal(read("role-binding.yaml"), RoleBinding.class);
		assertThat(binding.getRoleRef().getName()).isEqualTo("partita-manager");
		ServiceAccount account = this.serialization.unmarshal(read("service-account.yaml"), ServiceAccount.class);
		assertThat(binding.getSubjects()).singleElement()
			.satisfies((subject) -> assertThat(subject.getName()).isEqualTo(account.getMetadata().getName()));
	}

	@Test
	void managerJobMeetsRestrictedPodSecurityStandard() throws IOException {
		PodSpec spec = managerJob().getSpec().getTemplate().getSpec();
		assertThat(spec.getServiceAccountName()).isEqualTo("partita-manager");
		assertThat(spec.getSecurityContext().getRunAsNonRoot()).isTrue();
		assertThat(spec.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
		for (Container container : spec.getContainers()) {
			assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
			assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
			assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
			assertThat(container.getVolumeMounts())
				.anySatisfy((mount) -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));
		}
	}

	@Test
	void managerJobUsesKubernetesLauncherAndNoClearTextSecrets() throws IOException {
		Container manager = managerJob().getSpec().getTemplate().getSpec().getContainers().get(0);
		assertThat(env(manager, "PARTITA_LAUNCHER").getValue()).isEqualTo("kubernetes");
		for (String name : List.of("SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME",
				"SPRING_DATASOURCE_PASSWORD")) {
			EnvVar variable = env(manager, name);
			assertThat(variable.getValue()).as(name).isNull();
			assertThat(variable.getValueFrom().getSecretKeyRef().getName()).isEqualTo("partita-db");
		}
		manager.getEnv()
			.stream()
			.filter((variable) -> variable.getValue() != null)
			.forEach((variable) -> assertThat(variable.getName()).doesNotContainIgnoringCase("password")
				.doesNotContainIgnoringCase("token")
				.doesNotContainIgnoringCase("datasource"));
	}

	@Test
	@SuppressWarnings("unchecked")
	void scheduledComponentReplacesTheManagerJobWithACronJob() throws IOException {
		Map<String, Object> component = this.serialization.unmarshal(read("scheduled/kustomization.yaml"), Map.class);
		assertThat(component).containsEntry("kind", "Component");
		assertThat((List<Object>) component.get("resources")).containsExactly("manager-cronjob.yaml");
		assertThat((List<Map<String, String>>) component.get("patches")).singleElement()
			.satisfies((patch) -> assertThat(patch.get("patch")).contains("$patch: delete", "kind: Job",
					"name: " + managerJob().getMetadata().getName()));
	}

	@Test
	void managerCronJobRunsTheManagerJobsPodTemplateWithoutOverlaps() throws IOException {
		CronJob cronJob = this.serialization.unmarshal(read("scheduled/manager-cronjob.yaml"), CronJob.class);
		assertThat(cronJob.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
		assertThat(cronJob.getSpec().getStartingDeadlineSeconds()).isPositive();
		assertThat(cronJob.getSpec().getTimeZone()).isEqualTo("Etc/UTC");
		assertThat(cronJob.getSpec().getJobTemplate().getSpec().getBackoffLimit()).isZero();
		assertThat(cronJob.getSpec().getJobTemplate().getSpec().getTemplate())
			.as("the restricted pod template of manager-job.yaml")
			.isEqualTo(managerJob().getSpec().getTemplate());
	}

	@Test
	void dockerfileRunsAsNonRootFromTheClassArchiveItsTrainingRunMakes() throws IOException {
		String dockerfile = Files.readString(Path.of("Dockerfile"));
		// the sample's invoker build runs these instructions
		// (src/sample/check-dockerfile.groovy)
		assertThat(dockerfile)
			.contains("FROM eclipse-temurin:17-jre", "-Djarmode=tools", "USER 10001",
					"-XX:ArchiveClassesAtExit=application.jsa -Dspring.context.exit=onRefresh",
					"ENTRYPOINT [\"java\", \"-XX:SharedArchiveFile=application.jsa\", \"-jar\", \"app.jar\"]")
			.doesNotContainIgnoringCase("password");
	}

	private Job managerJob() throws IOException {
		return this.serialization.unmarshal(read("manager-job.yaml"), Job.class);
	}

	private static PolicyRule rule(Role role, String resource) {
		return role.getRules()
			.stream()
			.filter((rule) -> rule.getResources().contains(resource))
			.findFirst()
			.orElseThrow();
	}

	private static EnvVar env(Container container, String name) {
		return container.getEnv().stream().filter((env) -> env.getName().equals(name)).findFirst().orElseThrow();
	}

	private static String read(String file) throws IOException {
		return Files.readString(CONFIG.resolve(file));
	}

}
