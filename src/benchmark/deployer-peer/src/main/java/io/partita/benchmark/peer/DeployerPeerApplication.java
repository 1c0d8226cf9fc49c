package io.partita.benchmark.peer;

import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.Job;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.JobParametersBuilder;
import org.springframework.batch.core.Step;
import org.springframework.batch.core.explore.JobExplorer;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.launch.JobLauncher;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.partition.support.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.item.ExecutionContext;
import org.springframework.batch.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.deployer.spi.task.TaskLauncher;
import org.springframework.cloud.task.batch.partition.DeployerPartitionHandler;
import org.springframework.cloud.task.batch.partition.DeployerStepExecutionHandler;
import org.springframework.cloud.task.batch.partition.PassThroughCommandLineArgsProvider;
import org.springframework.cloud.task.batch.partition.SimpleEnvironmentVariablesProvider;
import org.springframework.cloud.task.configuration.EnableTask;
import org.springframework.cloud.task.repository.TaskRepository;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.core.io.FileSystemResource;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The benchmark's trivial partitioned job, with Spring Cloud Task's
 * {@link DeployerPartitionHandler} launching each partition as a local process of this
 * same jar ({@code LocalTaskLauncher}), as its documentation sets it up. The manager
 * prints its wall time; the workers run with the {@code worker} profile. Run it as
 * {@code java -jar deployer-peer.jar --partitions=64 --workers=4} with
 * {@code SPRING_DATASOURCE_URL} set to a database every process reaches.
 */
@SpringBootApplication
@EnableTask
public class DeployerPeerApplication {

	static final String WORKER_STEP = "trivialStep";

	@Bean
	Job peerJob(JobRepository jobRepository, Step managerStep) {
		return new JobBuilder("peerJob", jobRepository).start(managerStep).build();
	}

	@Bean
	@Profile("!worker")
	Step managerStep(JobRepository jobRepository, PartitionHandler partitionHandler,
			@Value("${partitions:64}") int partitions) {
		Partitioner partitioner = (gridSize) -> {
			Map<String, ExecutionContext> contexts = new LinkedHashMap<>();
			for (int index = 0; index < partitions; index++) {
				contexts.put("partition" + index, new ExecutionContext());
			}
			return contexts;
		};
		return new StepBuilder("managerStep", jobRepository).partitioner(WORKER_STEP, partitioner)
			.partitionHandler(partitionHandler)
			.build();
	}

	@Bean
	@Profile("!worker")
	PartitionHandler partitionHandler(TaskLauncher taskLauncher, JobExplorer jobExplorer,
			TaskRepository taskRepository, Environment environment, @Value("${workers:4}") int workers,
			@Value("${poll-interval:10000}") long pollInterval) throws Exception {
		// started with java -jar, the class path is this jar
		File jar = new File(System.getProperty("java.class.path"));
		DeployerPartitionHandler handler = new DeployerPartitionHandler(taskLauncher, jobExplorer,
				new FileSystemResource(jar), WORKER_STEP, taskRepository);
		// the local deployer passes on only a few environment variables: the database goes as an argument
		handler.setCommandLineArgsProvider(new PassThroughCommandLineArgsProvider(List.of(
				"--spring.profiles.active=worker", "--spring.cloud.task.initialize-enabled=false",
				"--spring.batch.jdbc.initialize-schema=never",
				"--spring.datasource.url=" + environment.getRequiredProperty("spring.datasource.url"))));
		handler.setEnvironmentVariablesProvider(new SimpleEnvironmentVariablesProvider(environment));
		handler.setMaxWorkers(workers);
		handler.setPollInterval(pollInterval);
		handler.setApplicationName("deployerPeer");
		return handler;
	}

	@Bean
	@Profile("worker")
	DeployerStepExecutionHandler stepExecutionHandler(ConfigurableApplicationContext context, JobExplorer jobExplorer,
			JobRepository jobRepository) {
		return new DeployerStepExecutionHandler(context, jobExplorer, jobRepository);
	}

	@Bean
	Step trivialStep(JobRepository jobRepository, PlatformTransactionManager transactionManager) {
		return new StepBuilder(WORKER_STEP, jobRepository).tasklet((contribution, chunkContext) -> {
			contribution.incrementWriteCount(1);
			return RepeatStatus.FINISHED;
		}, transactionManager).build();
	}

	@Bean
	@Profile("!worker")
	ApplicationRunner runPeerJob(JobLauncher jobLauncher, Job peerJob) {
		return (arguments) -> {
			Instant started = Instant.now();
			JobExecution execution = jobLauncher.run(peerJob,
					new JobParametersBuilder().addLong("run", System.nanoTime()).toJobParameters());
			long millis = Duration.between(started, Instant.now()).toMillis();
			System.out.printf("DeployerPartitionHandler peer: %s in %.1f s%n", execution.getStatus(), millis / 1000.0);
			if (execution.getStatus() != BatchStatus.COMPLETED) {
				throw new IllegalStateException("The peer job ended " + execution.getStatus());
			}
		};
	}

	public static void main(String[] args) {
		System.exit(SpringApplication.exit(SpringApplication.run(DeployerPeerApplication.class, args)));
	}

}
