package io.partita.ops.health;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes health when the API server's authorizer cannot list every rule (a
 * webhook authorizer, which the real control plane of the other tests does not run): the
 * rules review says it is incomplete, and each permission its rules do not grant is asked
 * about on its own.
 */
@EnableKubernetesMockClient
class KubernetesHealthIndicatorIncompleteRulesTests {

	KubernetesMockServer server;

	KubernetesClient client;

	private final AtomicInteger accessReviews = new AtomicInteger();

	@BeforeEach
	void apiServerWithIncompleteRules() {
		this.server
			.setVersionInfo(new VersionInfo.Builder().withMajor("1").withMinor("35").withGitVersion("v1.35.4").build());
		this.server.expect()
			.post()
			.withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
			.andReturn(201, new SelfSubjectRulesReviewBuilder().withNewStatus()
				.withIncomplete(true)
				.withResourceRules(
						new ResourceRuleBuilder().withVerbs("*").withApiGroups("batch").withResources("jobs").build())
				.endStatus()
				.build())
			.always();
	}

	@Test
	void upWhenTheAccessReviewsGrantWhatTheListedRulesDoNot() {
		answerAccessReviews(true);

		Health health = new KubernetesHealthIndicator(this.client, "batch").health();

		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(this.accessReviews).as("one access review per pod permission, none for jobs").hasValue(5);
	}

	@Test
	void downNamingOnlyThePermissionsNeitherTheRulesNorTheAccessReviewsGrant() {
		answerAccessReviews(false);

		Health health = new KubernetesHealthIndicator(this.client, "batch").health();

		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("missingPermissions",
				List.of("get pods", "list pods", "watch pods", "delete pods", "get pods/log"));
	}

	private void answerAccessReviews(boolean allowed) {
		SelfSubjectAccessReview answer = new SelfSubjectAccessReviewBuilder().withNewStatus()
			.withAllowed(allowed)
			.endStatus()
			.build();
		this.server.expect()
			.post()
			.withPath("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")
			.andReply(201, (request) -> {
				this.accessReviews.incrementAndGet();
				return answer;
			})
			.always();
	}

}
