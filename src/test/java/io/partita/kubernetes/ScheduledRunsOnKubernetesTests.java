package io.partita.kubernetes;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.partita.controlplane.ControlPlane;
import io.partita.controlplane.KubernetesControlPlane;
import io.partita.controlplane.TestNamespace;
import io.partita.schedule.JobSchedule;
import io.partita.schedule.JobScheduler;
import io.partita.schedule.ScheduleTestJobs;
import io.partita.schedule.ScheduleTestJobs.ScheduledRunEvents;
import io.partita.schedule.ScheduledRunEvent.Outcome;
import io.partita.test.PostgresSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scheduled runs of two manager replicas on a real control plane: they elect the one that
 * fires on a Lease, with the rights of the shipped Role ({@code config/}), and share a
 * PostgreSQL job repository. Only the leader fires; when it stops, the other takes the
 * Lease and fires from then on; each fire time is one job instance. A replica whose Role
 * lacks a verb on Leases refuses to start, naming it. And the shipped CronJob, the
 * Kubernetes-native alternative, is a valid object for the API server.
 */
@ExtendWith(KubernetesControlPlane.class)
class ScheduledRunsOnKubernetesTests {

	private static final Duration TIMEOUT = Duration.ofMinutes(1);

	private static final String LEASE = "ledger-schedules";

	@Test
	void onlyTheLeaderFiresAndAnotherReplicaTakesOverWhenItStops(ControlPlane controlPlane, TestNamespace namespace)
			throws Exception {
		KubernetesClient admin = controlPlane.client();
		for (String manifest : List.of("service-account.yaml", "role.yaml", "role-binding.yaml")) {
			try (InputStream input = Files.newInputStream(Path.of("config", manifest))) {
				admin.load(input).inNamespace(namespace.name()).create();
			}
		}
		ApplicationContextRunner replica = ScheduleTestJobs.manager()
			.withPropertyValues("spring.datasource.url=" + PostgresSchema.create(),
					"spring.datasource.username=" + PostgresSchema.USER,
					"spring.datasource.password=" + PostgresSchema.PASSWORD, "partita.schedules.tick.job=tickJob",
					"partita.schedules.tick.cron=* * * * * *", "partita.leader-election.enabled=true",
					"partita.leader-election.namespace=" + namespace.name(),
					"partita.leader-election.lease-name=" + LEASE, "partita.leader-election.retry-period=1s")
			.withBean(KubernetesClient.class, () -> controlPlane.impersonating(namespace.name(), "partita-manager"));

		replica.withPropertyValues("partita.leader-election.identity=manager-a").run((a) -> {
			await().atMost(TIMEOUT).until(() -> scheduler(a).isFiring());
			replica
				.withPropertyValues("partita.leader-election.identity=manager-b",
						"spring.batch.jdbc.initialize-schema=never")
				.run((b) -> {
					int launchedBeforeB = events(a).of(Outcome.LAUNCHED).size();
					await().atMost(TIMEOUT).until(() -> events(a).of(Outcome.LAUNCHED).size() >= launchedBeforeB + 3);
					assertThat(scheduler(b).isFiring()).isFalse();
					assertThat(events(b).all()).as("the replica that does not lead does not fire at all").isEmpty();
					assertThat(holder(admin, namespace)).isEqualTo("manager-a");

					ScheduledRunEvents eventsOfA = events(a);
					a.close();
					await().atMost(TIMEOUT).until(() -> events(b).of(Outcome.LAUNCHED).size() >= 2);
					assertThat(holder(admin, namespace)).isEqualTo("manager-b");
					scheduler(b).stop();

					JobRepository jobRepository = b.getBean(JobRepository.class);
					List<JobParameters> runs = ScheduleTestJobs.instances(jobRepository, "tickJob")
						.stream()
						.map((instance) -> jobRepository.getLastJobExecution(instance).getJobParameters())
						.toList();
					assertThat(runs).extracting((run) -> run.getString(JobSchedule.FIRE_TIME_PARAMETER))
						.doesNotHaveDuplicates();
					Map<String, List<Instant>> fireTimesByManager = runs.stream()
						.collect(Collectors.groupingBy((run) -> run.getString(JobSchedule.LAUNCHED_BY_PARAMETER),
								Collectors.mapping(
										(run) -> Instant.parse(run.getString(JobSchedule.FIRE_TIME_PARAMETER)),
										Collectors.toList())));
					assertThat(fireTimesByManager).containsOnlyKeys("manager-a", "manager-b");
					assertThat(fireTimesByManager.get("manager-b")).as("b fires only after a stopped")
						.allSatisfy((fireTime) -> assertThat(fireTime)
							.isAfter(fireTimesByManager.get("manager-a").stream().max(Instant::compareTo).get()));
					assertThat(fireTimesByManager.get("manager-a")).hasSize(eventsOfA.of(Outcome.LAUNCHED).size());
					assertThat(fireTimesByManager.get("manager-b")).hasSize(events(b).of(Outcome.LAUNCHED).size());
				});
		});
	}

	@Test
	void replicaWhoseRoleCannotPatchLeasesRefusesToStartNamingTheVerb(ControlPlane controlPlane,
			TestNamespace namespace) throws Exception {
		KubernetesClient admin = controlPlane.client();
		Role shipped;
		try (InputStream input = Files.newInputStream(Path.of("config", "role.yaml"))) {
			shipped = admin.getKubernetesSerialization().unmarshal(input, Role.class);
		}
		String name = "partita-manager-no-lease-patch";
		admin
			.resource(new RoleBuilder(shipped).editMetadata()
				.withName(name)
				.endMetadata()
				.withRules(shipped.getRules()
					.stream()
					.map((rule) -> new PolicyRuleBuilder(rule)
						.withVerbs(rule.getVerbs().stream().filter((verb) -> !"patch".equals(verb)).toList())
						.build())
					.toList())
				.build())
			.inNamespace(namespace.name())
			.create();
		admin
			.resource(new RoleBindingBuilder().withNewMetadata()
				.withName(name)
				.endMetadata()
				.withNewRoleRef("rbac.authorization.k8s.io", "Role", name)
				.withSubjects(new SubjectBuilder().withKind("ServiceAccount")
					.withName(name)
					.withNamespace(namespace.name())
					.build())
				.build())
			.inNamespace(namespace.name())
			.create();

		ScheduleTestJobs.manager()
			.withPropertyValues(ScheduleTestJobs.inMemoryJobRepository())
			.withPropertyValues("partita.schedules.tick.job=tickJob", "partita.schedules.tick.cron=* * * * * *",
					"partita.leader-election.enabled=true", "partita.leader-election.namespace=" + namespace.name())
			.withBean(KubernetesClient.class, () -> controlPlane.impersonating(namespace.name(), name))
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageStartingWith("partita.leader-election.enabled is true but the manager's service account "
						+ "may not patch leases.coordination.k8s.io in namespace " + namespace.name()));
	}

	@Test
	void shippedCronJobIsAcceptedByTheApiServer(ControlPlane controlPlane, TestNamespace namespace) throws Exception {
		KubernetesClient admin = controlPlane.client();
		try (InputStream input = Files.newInputStream(Path.of("config", "scheduled", "manager-cronjob.yaml"))) {
			CronJob created = admin.batch().v1().cronjobs().inNamespace(namespace.name()).load(input).dryRun().create();
			assertThat(created.getSpec().getSchedule()).isEqualTo("0 2 * * *");
			assertThat(created.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
		}
	}

	private static JobScheduler scheduler(AssertableApplicationContext context) {
		return context.getBean(JobScheduler.class);
	}

	private static ScheduledRunEvents events(AssertableApplicationContext context) {
		return context.getBean(ScheduledRunEvents.class);
	}

	private static String holder(KubernetesClient client, TestNamespace namespace) {
		return client.leases().inNamespace(namespace.name()).withName(LEASE).get().getSpec().getHolderIdentity();
	}

}
