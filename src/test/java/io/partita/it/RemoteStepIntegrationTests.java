package io.partita.it;

import java.util.List;

import io.partita.partition.PartitionLaunchedEvent;
import io.partita.test.JobRuns;
import io.partita.test.PartitionEventRecorder;
import io.partita.test.PostgresSchema;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Remote steps on the local launcher: a whole step run in a worker JVM of its own, in a
 * job that mixes a step run in the manager, a remote step and a partitioned step.
 */
@SpringBootTest(classes = { TestJobsApplication.class, RemoteStepIntegrationTests.Recording.class }, properties = {
		"partita.local.main-class=io.partita.it.TestJobsApplication", "spring.batch.jdbc.initialize-schema=always" })
class RemoteStepIntegrationTests {

	@Autowired
	private JobOperator jobOperator;

	@Autowired
	private JobRepository jobRepository;

	@Autowired
	@Qualifier("mixedJob")
	private Job mixedJob;

	@Autowired
	private PartitionEventRecorder events;

	@DynamicPropertySource
	static void jobRepository(DynamicPropertyRegistry registry) {
		PostgresSchema.register(registry);
	}

	@Test
	void jobMixingLocalRemoteAndPartitionedStepsCompletesWithTheRemoteStepInAWorker() throws Exception {
		JobExecution execution = run(parameters("mixed"));

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(step(execution, "localStep").getExecutionContext().getLong(RemoteWorkTasklet.PID))
			.isEqualTo(ProcessHandle.current().pid());
		StepExecution remote = step(execution, "remoteWorkStep");
		assertThat(remote.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(remote.getWriteCount()).as("the manager's step mirrors the worker's counts").isEqualTo(3);
		StepExecution worker = step(execution, "remoteWorkStep:remote");
		long workerPid = worker.getExecutionContext().getLong(RemoteWorkTasklet.PID);
		assertThat(workerPid).isNotEqualTo(ProcessHandle.current().pid());
		assertThat(this.events.launches(execution.getId())).extracting(PartitionLaunchedEvent::workerName)
			.contains("pid " + workerPid);
		assertThat(step(execution, "managerStep").getStatus()).isEqualTo(BatchStatus.COMPLETED);
	}

	@Test
	void failedRemoteStepFailsTheJobWithItsReasonAndRestartRerunsOnlyIt() throws Exception {
		JobParameters parameters = parameters("remoteFails").addString("failRemote", "true").toJobParameters();
		JobExecution failed = this.jobRepository
			.getJobExecution(this.jobOperator.start(this.mixedJob, parameters).getId());

		assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(step(failed, "remoteWorkStep").getExitStatus().getExitDescription())
			.contains("remoteWorkStep:remote")
			.contains("java.lang.IllegalStateException: The remote step failed on purpose");
		assertThat(stepNames(failed)).doesNotContain("managerStep");

		JobExecution restarted = this.jobRepository.getJobExecution(this.jobOperator.restart(failed).getId());

		assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(stepNames(restarted)).contains("remoteWorkStep", "remoteWorkStep:remote", "managerStep")
			.doesNotContain("localStep");
	}

	private JobParametersBuilder parameters(String test) {
		return new JobParametersBuilder().addString("test", test + "-" + System.nanoTime())
			.addString("partitions", "2");
	}

	private JobExecution run(JobParametersBuilder parameters) throws Exception {
		JobExecution execution = this.jobOperator.start(this.mixedJob, parameters.toJobParameters());
		return this.jobRepository.getJobExecution(execution.getId());
	}

	private List<String> stepNames(JobExecution execution) {
		return execution.getStepExecutions().stream().map(StepExecution::getStepName).toList();
	}

	private StepExecution step(JobExecution execution, String name) {
		return JobRuns.step(this.jobRepository, execution, name);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Recording {

		@Bean
		PartitionEventRecorder partitionEventRecorder() {
			return new PartitionEventRecorder();
		}

	}

}
