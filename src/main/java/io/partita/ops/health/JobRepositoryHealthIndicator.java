package io.partita.ops.health;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.util.Assert;

/**
 * A {@link HealthIndicator} that is up when the manager can query its
 * {@link JobRepository}, which it shares with its workers.
 */
public class JobRepositoryHealthIndicator extends AbstractHealthIndicator {

	private final JobRepository jobRepository;

	public JobRepositoryHealthIndicator(JobRepository jobRepository) {
		super("the job repository cannot be queried");
		Assert.notNull(jobRepository, "jobRepository must not be null");
		this.jobRepository = jobRepository;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		// a primary key lookup: it reaches the database and the Spring Batch tables, and
		// costs the same however many executions the repository holds
		this.jobRepository.getJobInstance(0L);
		builder.up();
	}

}
