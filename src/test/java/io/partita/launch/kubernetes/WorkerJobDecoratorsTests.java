package io.partita.launch.kubernetes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import io.partita.launch.WorkerRequest;
import io.partita.launch.kubernetes.KubernetesWorkerSettings.EnvVariable;
import io.partita.worker.WorkerContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for the {@link WorkerJobDecorator}s, each alone, and their fold by
 * {@link WorkerJobFactory}.
 */
class WorkerJobDecoratorsTests {

	private final KubernetesWorkerSettings settings = new KubernetesWorkerSettings();

	private final WorkerRequest request = new WorkerRequest("Ledger_Import.Daily", "worker_Step:partition3",
			new WorkerContract(12, 345, "worker_Step", 2));

	@TempDir
	Path temp;

	@Test
	void metadataDecoratorNamesJobAndLabelsJobAndPods() {
		this.settings.getLabels().put("team", "ledger");
		this.settings.getLabels().put(WorkerLabels.MANAGED_BY, "someone-else");
		this.settings.getAnnotations().put("owner", "ops@example.com");
		Job job = new MetadataDecorator().decorate(emptyJob(), parameters());
		assertThat(job.getMetadata().getName()).isEqualTo("ledger-import-daily-12-345-a2");
		for (var metadata : List.of(job.getMetadata(), job.getSpec().getTemplate().getMetadata())) {
			assertThat(metadata.getLabels()).containsEntry(WorkerLabels.MANAGED_BY, "partita")
				.containsEntry(WorkerLabels.NAME, "ledger-app")
				.containsEntry(WorkerLabels.JOB_EXECUTION_ID, "12")
				.containsEntry(WorkerLabels.STEP_EXECUTION_ID, "345")
				.containsEntry(WorkerLabels.STEP, "worker_Step")
				.containsEntry(WorkerLabels.ATTEMPT, "2")
				.containsEntry("team", "ledger");
			assertThat(metadata.getAnnotations()).containsEntry(WorkerLabels.JOB_NAME_ANNOTATION, "Ledger_Import.Daily")
				.containsEntry(WorkerLabels.STEP_NAME_ANNOTATION, "worker_Step")
				.containsEntry("owner", "ops@example.com");
			metadata.getLabels().values().forEach((value) -> assertThat(KubernetesNames.isLabelValue(value)).isTrue());
		}
	}

	@Test
	void metadataDecoratorSanitisesHostileStepNamesInLabels() {
		WorkerRequest hostile = new WorkerRequest("job", "p",
				new WorkerContract(1, 2, "-Step with spaces:and/slashes_" + "x".repeat(80) + "_", 1));
		Job job = new MetadataDecorator().decorate(emptyJob(),
				WorkerJobParameters.of(hostile, this.settings, "app:1", "My App!"));
		assertThat(KubernetesNames.isLabelValue(job.getMetadata().getLabels().get(WorkerLabels.STEP))).isTrue();
		assertThat(KubernetesNames.isLabelValue(job.getMetadata().getLabels().get(WorkerLabels.NAME))).isTrue();
		assertThat(job.getMetadata().getAnnotations().get(WorkerLabels.STEP_NAME_ANNOTATION))
			.startsWith("-Step with spaces:and/slashes_");
	}

	@Test
	void jobPolicyDecoratorRunsOnePodNeverRestartedWithPartitaDefaults() {
		Job job = new JobPolicyDecorator().decorate(emptyJob(), parameters());
		assertThat(job.getSpec().getBackoffLimit()).isZero();
		assertThat(job.getSpec().getCompletions()).isEqualTo(1);
		assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(3600);
		assertThat(job.getSpec().getActiveDeadlineSeconds()).isNull();
		assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
		List<PodFailurePolicyRule> rules = job.getSpec().getPodFailurePolicy().getRules();
		assertThat(rules).hasSize(2);
		assertThat(rules.get(0).getAction()).isEqualTo("FailJob");
		assertThat(rules.get(0).getOnExitCodes().getValues()).containsExactly(2, 3);
		assertThat(rules.get(1).getAction()).isEqualTo("Ignore");
		assertThat(rules.get(1).getOnPodConditions()).singleElement()
			.satisfies((condition) -> assertThat(condition.getType()).isEqualTo("DisruptionTarget"));
	}

	@Test
	void jobPolicyDecoratorAppliesConfiguredLimits() {
		this.settings.setBackoffLimit(2);
		this.settings.setActiveDeadline(Duration.ofMinutes(30));
		this.settings.setTtlAfterFinished(Duration.ofMinutes(10));
		this.settings.getPodFailurePolicy().setEnabled(false);
		Job job = new JobPolicyDecorator().decorate(emptyJob(), parameters());
		assertThat(job.getSpec().getBackoffLimit()).isEqualTo(2);
		assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(1800);
		assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(600);
		assertThat(job.getSpec().getPodFailurePolicy()).isNull();
	}

	@Test
	void containerDecoratorPassesContractAndConfiguredEnvironment() {
		this.settings.setImagePullPolicy("IfNotPresent");
		this.settings.getEnv().put("LOG_LEVEL", EnvVariable.of("debug"));
		this.settings.getEnv().put("SPRING_DATASOURCE_PASSWORD", EnvVariable.fromSecret("ledger-db", "password"));
		this.settings.getEnv().put("REGION", EnvVariable.fromConfigMap("ledger-config", "region"));
		this.settings.getEnv().put(WorkerContract.ATTEMPT, EnvVariable.of("99"));
		this.settings.setEnvFromSecrets(List.of("ledger-db-connection"));
		this.settings.setEnvFromConfigMaps(List.of("ledger-settings"));
		this.settings.getResources().getRequests().put("cpu", "500m");
		this.settings.getResources().getLimits().put("memory", "1Gi");
		Container container = workerContainer(new ContainerDecorator().decorate(emptyJob(), parameters()));
		assertThat(container.getName()).isEqualTo("worker");
		assertThat(container.getImage()).isEqualTo("registry.example/ledger:1");
		assertThat(container.getImagePullPolicy()).isEqualTo("IfNotPresent");
		assertThat(container.getEnv()).extracting(EnvVar::getName)
			.containsExactly("LOG_LEVEL", "SPRING_DATASOURCE_PASSWORD", "REGION", "PARTITA_JOB_EXECUTION_ID",
					"PARTITA_STEP_EXECUTION_ID", "PARTITA_WORKER_STEP", "PARTITA_ATTEMPT", "PARTITA_NODE_NAME",
					"PARTITA_WORKER_NAME");
		assertThat(env(container, "PARTITA_ATTEMPT").getValue()).isEqualTo("2");
		assertThat(env(container, "PARTITA_NODE_NAME").getValueFrom().getFieldRef().getFieldPath())
			.isEqualTo("spec.nodeName");
		assertThat(env(container, "PARTITA_WORKER_NAME").getValueFrom().getFieldRef().getFieldPath())
			.isEqualTo("metadata.labels['batch.kubernetes.io/job-name']");
		assertThat(env(container, "PARTITA_STEP_EXECUTION_ID").getValue()).isEqualTo("345");
		EnvVar password = env(container, "SPRING_DATASOURCE_PASSWORD");
		assertThat(password.getValue()).isNull();
		assertThat(password.getValueFrom().getSecretKeyRef().getName()).isEqualTo("ledger-db");
		assertThat(password.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("password");
		assertThat(env(container, "REGION").getValueFrom().getConfigMapKeyRef().getName()).isEqualTo("ledger-config");
		assertThat(container.getEnvFrom()).hasSize(2);
		assertThat(container.getEnvFrom().get(0).getConfigMapRef().getName()).isEqualTo("ledger-settings");
		assertThat(container.getEnvFrom().get(1).getSecretRef().getName()).isEqualTo("ledger-db-connection");
		assertThat(container.getResources().getRequests()).containsEntry("cpu", new Quantity("500m"));
		assertThat(container.getResources().getLimits()).containsEntry("memory", new Quantity("1Gi"));
	}

	@Test
	void containerDecoratorNeverCopiesManagerEnvironment() {
		Container container = workerContainer(new ContainerDecorator().decorate(emptyJob(), parameters()));
		assertThat(container.getEnv()).extracting(EnvVar::getName)
			.containsExactlyElementsOf(Stream
				.concat(this.request.contract().toEnvironment().keySet().stream(),
						Stream.of("PARTITA_NODE_NAME", "PARTITA_WORKER_NAME"))
				.toList());
		assertThat(container.getEnv()).extracting(EnvVar::getValue)
			.doesNotContainAnyElementsOf(System.getenv().values().stream().filter((v) -> v.length() > 3).toList());
	}

	@Test
	void containerDecoratorRejectsVariableWithoutSource() {
		this.settings.getEnv().put("EMPTY", new EnvVariable());
		assertThatIllegalStateException().isThrownBy(() -> new ContainerDecorator().decorate(emptyJob(), parameters()))
			.withMessageContaining("EMPTY");
	}

	@Test
	void schedulingDecoratorSetsServiceAccountPullSecretsNodesAndTolerations() {
		this.settings.setServiceAccountName("ledger-worker");
		this.settings.setImagePullSecrets(List.of("registry-credentials"));
		this.settings.getNodeSelector().put("pool", "batch");
		KubernetesWorkerSettings.Toleration toleration = new KubernetesWorkerSettings.Toleration();
		toleration.setKey("dedicated");
		toleration.setValue("batch");
		toleration.setEffect("NoSchedule");
		this.settings.setTolerations(List.of(toleration));
		PodSpec spec = new SchedulingDecorator().decorate(emptyJob(), parameters()).getSpec().getTemplate().getSpec();
		assertThat(spec.getServiceAccountName()).isEqualTo("ledger-worker");
		assertThat(spec.getImagePullSecrets()).singleElement()
			.satisfies((secret) -> assertThat(secret.getName()).isEqualTo("registry-credentials"));
		assertThat(spec.getNodeSelector()).containsEntry("pool", "batch");
		assertThat(spec.getTolerations()).singleElement().satisfies((t) -> {
			assertThat(t.getKey()).isEqualTo("dedicated");
			assertThat(t.getOperator()).isEqualTo("Equal");
			assertThat(t.getEffect()).isEqualTo("NoSchedule");
		});
	}

	@Test
	void kueueDecoratorLabelsJobWithQueueName() {
		assertThat(new KueueDecorator().decorate(emptyJob(), parameters()).getMetadata()).isNull();
		this.settings.setQueueName("batch-queue");
		Job job = new KueueDecorator().decorate(emptyJob(), parameters());
		assertThat(job.getMetadata().getLabels()).containsEntry("kueue.x-k8s.io/queue-name", "batch-queue");
		assertThat(job.getSpec()).isNull();
	}

	@Test
	void restrictedSecurityDecoratorMeetsRestrictedPodSecurityStandard() {
		Job job = new RestrictedSecurityDecorator()
			.decorate(new ContainerDecorator().decorate(emptyJob(), parameters()), parameters());
		PodSpec spec = job.getSpec().getTemplate().getSpec();
		assertThat(spec.getSecurityContext().getRunAsNonRoot()).isTrue();
		assertThat(spec.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
		SecurityContext context = spec.getContainers().get(0).getSecurityContext();
		assertThat(context.getRunAsNonRoot()).isTrue();
		assertThat(context.getAllowPrivilegeEscalation()).isFalse();
		assertThat(context.getReadOnlyRootFilesystem()).isTrue();
		assertThat(context.getCapabilities().getDrop()).containsExactly("ALL");
		assertThat(context.getCapabilities().getAdd()).isNullOrEmpty();
		assertThat(context.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
		assertThat(spec.getVolumes()).singleElement().satisfies((volume) -> {
			assertThat(volume.getName()).isEqualTo("tmp");
			assertThat(volume.getEmptyDir()).isNotNull();
		});
		assertThat(spec.getContainers().get(0).getVolumeMounts()).singleElement()
			.satisfies((mount) -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));
	}

	@Test
	void restrictedSecurityDecoratorCanBeSwitchedOff() {
		this.settings.setRestrictedSecurityContext(false);
		Job job = new ContainerDecorator().decorate(emptyJob(), parameters());
		assertThat(new RestrictedSecurityDecorator().decorate(job, parameters())).isEqualTo(job);
	}

	@Test
	void podTemplateFileIsTheBaseForAnythingNotMapped() throws Exception {
		Path file = this.temp.resolve("pod.yaml");
		Files.writeString(file, """
				apiVersion: v1
				kind: Pod
				metadata:
				  labels:
				    sidecar.istio.io/inject: "false"
				spec:
				  priorityClassName: batch-low
				  containers:
				  - name: worker
				    image: ignored:0
				    env:
				    - name: JAVA_TOOL_OPTIONS
				      value: -XX:MaxRAMPercentage=75
				    - name: PARTITA_ATTEMPT
				      value: "42"
				  - name: log-shipper
				    image: shipper:1
				""");
		this.settings.setPodTemplateFile(file);
		Job job = new WorkerJobFactory().create(parameters());
		PodSpec spec = job.getSpec().getTemplate().getSpec();
		assertThat(spec.getPriorityClassName()).isEqualTo("batch-low");
		assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
			.containsEntry("sidecar.istio.io/inject", "false")
			.containsEntry(WorkerLabels.MANAGED_BY, "partita");
		assertThat(spec.getContainers()).hasSize(2);
		Container worker = spec.getContainers().get(0);
		assertThat(worker.getImage()).isEqualTo("registry.example/ledger:1");
		assertThat(env(worker, "JAVA_TOOL_OPTIONS").getValue()).isEqualTo("-XX:MaxRAMPercentage=75");
		assertThat(env(worker, "PARTITA_ATTEMPT").getValue()).isEqualTo("2");
		assertThat(spec.getContainers().get(1).getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
	}

	@Test
	void podTemplateSpecFileWithoutKindIsAccepted() throws Exception {
		Path file = this.temp.resolve("template.yaml");
		Files.writeString(file, """
				spec:
				  schedulerName: batch-scheduler
				""");
		this.settings.setPodTemplateFile(file);
		assertThat(new WorkerJobFactory().create(parameters()).getSpec().getTemplate().getSpec().getSchedulerName())
			.isEqualTo("batch-scheduler");
	}

	@Test
	void unreadablePodTemplateFileFailsNamingTheProperty() {
		this.settings.setPodTemplateFile(this.temp.resolve("missing.yaml"));
		assertThatIllegalStateException().isThrownBy(() -> new WorkerJobFactory().create(parameters()))
			.withMessageContaining("partita.kubernetes.pod-template-file");
	}

	@Test
	void factoryBuildsBatchV1Job() {
		Job job = new WorkerJobFactory().create(parameters());
		assertThat(job.getApiVersion()).isEqualTo("batch/v1");
		assertThat(job.getKind()).isEqualTo("Job");
		assertThat(KubernetesNames.isDns1123Label(job.getMetadata().getName())).isTrue();
	}

	@Test
	void indexedJobHasOneIndexPerPartitionTheWindowAsParallelismAndFailIndexRules() {
		this.settings.setBackoffLimit(1);
		this.settings.setMaxFailedIndexes(5);
		WorkerJobParameters indexed = new WorkerJobParameters("ledger-import-daily-12-340-r1", this.request,
				this.settings, "app:1", "ledger-app", new WorkerIndexes(340, 1, 4, List.of(345L, 346L, 347L, 349L)));

		Job job = new WorkerJobFactory().create(indexed);

		assertThat(job.getSpec().getCompletionMode()).isEqualTo("Indexed");
		assertThat(job.getSpec().getCompletions()).isEqualTo(4);
		assertThat(job.getSpec().getParallelism()).isEqualTo(4);
		assertThat(job.getSpec().getBackoffLimit()).isNull();
		assertThat(job.getSpec().getBackoffLimitPerIndex()).isEqualTo(1);
		assertThat(job.getSpec().getMaxFailedIndexes()).isEqualTo(5);
		List<PodFailurePolicyRule> rules = job.getSpec().getPodFailurePolicy().getRules();
		assertThat(rules).extracting(PodFailurePolicyRule::getAction).containsExactly("Ignore", "FailIndex");
		assertThat(rules.get(1).getOnExitCodes().getValues()).containsExactly(2, 3, 143);
		assertThat(job.getMetadata().getLabels()).containsEntry(WorkerLabels.MANAGER_STEP_EXECUTION_ID, "340")
			.containsEntry(WorkerLabels.ROUND, "1")
			.containsEntry(WorkerLabels.ATTEMPT, "2")
			.doesNotContainKey(WorkerLabels.STEP_EXECUTION_ID);
		Container container = workerContainer(job);
		assertThat(env(container, WorkerContract.STEP_EXECUTION_IDS).getValue()).isEqualTo("345-347,349");
		assertThat(container.getEnv()).extracting(EnvVar::getName).doesNotContain(WorkerContract.STEP_EXECUTION_ID);
	}

	@Test
	void indexedJobRunsNoMoreIndexesAtOnceThanItHas() {
		WorkerJobParameters indexed = new WorkerJobParameters("j-1-2-r2", this.request, this.settings, "app:1", "app",
				new WorkerIndexes(2, 2, 8, List.of(7L)));

		assertThat(new JobPolicyDecorator().decorate(emptyJob(), indexed).getSpec().getParallelism()).isEqualTo(1);
	}

	private WorkerJobParameters parameters() {
		return WorkerJobParameters.of(this.request, this.settings, "registry.example/ledger:1", "ledger-app");
	}

	private static Job emptyJob() {
		return new JobBuilder().build();
	}

	private static Container workerContainer(Job job) {
		return job.getSpec().getTemplate().getSpec().getContainers().get(0);
	}

	private static EnvVar env(Container container, String name) {
		return container.getEnv().stream().filter((env) -> env.getName().equals(name)).findFirst().orElseThrow();
	}

}
