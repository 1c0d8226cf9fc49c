package io.partita.autoconfigure;

import java.time.Duration;

import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.partita.schedule.ConcurrencyPolicy;
import io.partita.schedule.JobScheduler;
import io.partita.schedule.ScheduleTestJobs;
import io.partita.schedule.SingleProcessLeaderElection;
import io.partita.schedule.kubernetes.LeaseLeaderElection;
import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Auto-configuration of scheduled runs: when it is active, which leader election it
 * takes, and the one clear error for each bad schedule.
 */
@EnableKubernetesMockClient(crud = true)
class ScheduleAutoConfigurationTests {

	private static final String NIGHTLY = "partita.schedules.nightly.";

	KubernetesMockServer server;

	KubernetesClient client;

	private final ApplicationContextRunner contextRunner = ScheduleTestJobs.manager()
		.withPropertyValues(ScheduleTestJobs.inMemoryJobRepository());

	private final ApplicationContextRunner nightly = this.contextRunner.withPropertyValues(NIGHTLY + "job=tickJob",
			NIGHTLY + "cron=0 0 2 * * *");

	@Test
	void noSchedulerWithoutSchedules() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(JobScheduler.class));
	}

	@Test
	void noSchedulerInAWorkerProcess() {
		this.nightly.withPropertyValues("partita.worker.process=true")
			.run((context) -> assertThat(context).doesNotHaveBean(JobScheduler.class));
	}

	@Test
	void singleProcessFiresOutsideACluster() {
		this.nightly.withPropertyValues(NIGHTLY + "zone=Europe/Paris", NIGHTLY + "concurrency-policy=forbid")
			.run((context) -> {
				assertThat(context).hasSingleBean(SingleProcessLeaderElection.class);
				JobScheduler scheduler = context.getBean(JobScheduler.class);
				assertThat(scheduler.isFiring()).isTrue();
				assertThat(scheduler.getSchedules()).singleElement().satisfies((schedule) -> {
					assertThat(schedule.getJob().getName()).isEqualTo("tickJob");
					assertThat(schedule.getZone().getId()).isEqualTo("Europe/Paris");
					assertThat(schedule.getConcurrencyPolicy()).isEqualTo(ConcurrencyPolicy.FORBID);
				});
			});
	}

	@Test
	void leaseLeaderElectionFiresOnlyOnceItHoldsTheLease() {
		accessReviewsAnswer(true);
		this.nightly
			.withPropertyValues("partita.leader-election.enabled=true", "partita.leader-election.identity=manager-a",
					"spring.application.name=ledger")
			.withBean(KubernetesClient.class, this::managerClient)
			.run((context) -> {
				assertThat(context).hasSingleBean(LeaseLeaderElection.class);
				JobScheduler scheduler = context.getBean(JobScheduler.class);
				await().atMost(Duration.ofSeconds(30)).until(scheduler::isFiring);
				Lease lease = this.client.leases().withName("ledger-schedules").get();
				assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("manager-a");
				context.close();
				assertThat(scheduler.isFiring()).isFalse();
				assertThat(this.client.leases().withName("ledger-schedules").get().getSpec().getLeaseDurationSeconds())
					.as("released on shutdown: it expires at once")
					.isEqualTo(1);
			});
	}

	@Test
	void leaseLeaderElectionRefusesToStartWithoutRightsOnLeases() {
		accessReviewsAnswer(false);
		this.nightly.withPropertyValues("partita.leader-election.enabled=true")
			.withBean(KubernetesClient.class, this::managerClient)
			.run((context) -> {
				FailureAnalysis analysis = analysis(context.getStartupFailure());
				assertThat(analysis.getDescription()).startsWith("partita.leader-election.enabled is true but the "
						+ "manager's service account may not get leases.coordination.k8s.io in namespace test");
				assertThat(analysis.getAction()).contains("Grant verbs get, create and patch on 'leases'",
						"config/role.yaml");
			});
	}

	@Test
	void kubernetesLauncherTurnsLeaderElectionOn() {
		accessReviewsAnswer(true);
		this.nightly.withPropertyValues("partita.launcher=kubernetes")
			.withBean(KubernetesClient.class, this::managerClient)
			.run((context) -> assertThat(context).hasSingleBean(LeaseLeaderElection.class));
	}

	@Test
	void unknownJobIsRefusedNamingTheJobsThereAre() {
		this.nightly.withPropertyValues(NIGHTLY + "job=tikJob").run((context) -> {
			FailureAnalysis analysis = analysis(context.getStartupFailure());
			assertThat(analysis.getDescription())
				.isEqualTo("partita.schedules.nightly.job is tikJob but no Job has that name");
			assertThat(analysis.getAction()).isEqualTo(
					"Update partita.schedules.nightly.job. Set it to one of: blockingJob, incrementedJob, tickJob.");
		});
	}

	@Test
	void jobWithAnIncrementerIsRefused() {
		this.nightly.withPropertyValues(NIGHTLY + "job=incrementedJob")
			.run((context) -> assertThat(analysis(context.getStartupFailure()).getDescription())
				.contains("has a JobParametersIncrementer"));
	}

	@Test
	void badCronIsRefused() {
		this.nightly.withPropertyValues(NIGHTLY + "cron=0 2 * *").run((context) -> {
			FailureAnalysis analysis = analysis(context.getStartupFailure());
			assertThat(analysis.getDescription())
				.startsWith("partita.schedules.nightly.cron is '0 2 * *' but it is not a cron expression: ");
			assertThat(analysis.getAction()).contains("six fields");
		});
	}

	@Test
	void missingCronIsRefused() {
		this.contextRunner.withPropertyValues(NIGHTLY + "job=tickJob")
			.run((context) -> assertThat(analysis(context.getStartupFailure()).getDescription())
				.isEqualTo("partita.schedules.nightly.cron is null but a schedule needs a cron expression"));
	}

	@Test
	void badZoneIsRefused() {
		this.nightly.withPropertyValues(NIGHTLY + "zone=Europe/Pariss").run((context) -> {
			FailureAnalysis analysis = analysis(context.getStartupFailure());
			assertThat(analysis.getDescription())
				.startsWith("partita.schedules.nightly.zone is Europe/Pariss but it is not a time zone");
			assertThat(analysis.getAction()).contains("Europe/Paris");
		});
	}

	@Test
	void badPolicyIsRefusedWithTheValidOnes() {
		this.nightly.withPropertyValues(NIGHTLY + "concurrency-policy=skip")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("skip")
				.hasMessageContaining(ConcurrencyPolicy.class.getName()));
	}

	@Test
	void parametersTheJobCannotReadAreRefused() {
		this.nightly.withPropertyValues(NIGHTLY + "parameters.size=three,java.lang.Long")
			.run((context) -> assertThat(analysis(context.getStartupFailure()).getDescription())
				.startsWith("partita.schedules.nightly.parameters is {size=three,java.lang.Long} but the job refuses"));
	}

	@Test
	void refusedParametersAreShownWithLikelySecretsMasked() {
		this.nightly
			.withPropertyValues(NIGHTLY + "parameters.size=three,java.lang.Long",
					NIGHTLY + "parameters.dbPassword=hunter2")
			.run((context) -> assertThat(analysis(context.getStartupFailure()).getDescription())
				.contains("dbPassword=******")
				.doesNotContain("hunter2"));
	}

	@Test
	void renewDeadlineMustBeShorterThanTheLease() {
		this.nightly.withPropertyValues("partita.leader-election.renew-deadline=20s")
			.run((context) -> assertThat(analysis(context.getStartupFailure()).getDescription())
				.startsWith("partita.leader-election.renew-deadline is PT20S but must be less than"));
	}

	private void accessReviewsAnswer(boolean allowed) {
		this.server.expect()
			.post()
			.withPath("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")
			.andReturn(201,
					new SelfSubjectAccessReviewBuilder().withNewStatus().withAllowed(allowed).endStatus().build())
			.always();
	}

	/**
	 * A client of the mock server of its own, since the context closes it.
	 */
	private KubernetesClient managerClient() {
		return new KubernetesClientBuilder().withConfig(this.client.getConfiguration()).build();
	}

	private static FailureAnalysis analysis(Throwable failure) {
		assertThat(failure).isNotNull();
		return new InvalidPartitaPropertyFailureAnalyzer().analyze(failure);
	}

}
