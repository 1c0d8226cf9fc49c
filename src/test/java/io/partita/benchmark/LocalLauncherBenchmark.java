package io.partita.benchmark;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;

import io.partita.autoconfigure.PartitaProperties;
import io.partita.benchmark.WorkerCosts.Cost;
import io.partita.embedded.EmbeddedDatabaseServer;
import io.partita.launch.local.LocalWorkerCommand;
import io.partita.launch.local.LocalWorkerCommandDecorator;
import io.partita.partition.PartitionFinishedEvent;
import io.partita.partition.PartitionLaunchedEvent;
import io.partita.test.JarClassPath;
import io.partita.worker.WorkerContract;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;

/**
 * Measures the embedded default launcher on trivial partitions and prints the figures:
 * wall time against Spring Batch's
 * {@link org.springframework.batch.core.partition.support.TaskExecutorPartitionHandler}
 * in the same run, completion-detection latency, worker start, and manager CPU per
 * partition, and one worker's start with and without the class archive the workers start
 * from. Run it with {@code ./mvnw -Pbenchmark verify} (arguments:
 * {@code -Dbenchmark.partitions=64 -Dbenchmark.workers=4 -Dbenchmark.starts=5}); with
 * {@code -Dbenchmark.peer.jar=…} it runs the old {@code DeployerPartitionHandler} too.
 */
public final class LocalLauncherBenchmark {

	private static final ZoneId ZONE = ZoneId.systemDefault();

	private static final String MAIN_CLASS = BenchmarkApplication.class.getName();

	private LocalLauncherBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int partitions = Integer.getInteger("benchmark.partitions", 64);
		int workers = Integer.getInteger("benchmark.workers", 4);
		int starts = Integer.getInteger("benchmark.starts", 5);
		Path directory = Files.createTempDirectory("partita-benchmark");
		Map<Long, PartitionLaunchedEvent> launches = new ConcurrentHashMap<>();
		List<PartitionFinishedEvent> finishes = Collections.synchronizedList(new ArrayList<>());
		// workers run from jars, as an application's do: a class path of directories
		// cannot be archived
		LocalWorkerCommand command = new LocalWorkerCommand(
				LocalWorkerCommand.forThisApplication(MAIN_CLASS, null, List.of(), List.of()).java(),
				new PartitaProperties().getLocal().getJvmArguments(),
				List.of("-cp", JarClassPath.of(directory.resolve("jars")), MAIN_CLASS), List.of());
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(BenchmarkApplication.class)
			.listeners(record(launches, finishes))
			.initializers(
					(initialized) -> initialized.getBeanFactory().registerSingleton("localWorkerCommand", command))
			.properties("spring.batch.job.enabled=false", "spring.main.web-application-type=none",
					"partita.max-workers=" + workers, "partita.local.work-directory=" + directory.resolve("workers"),
					"partita.local.class-data-sharing.directory=" + directory.resolve("class-data"),
					"partita.embedded-database.directory=" + directory.resolve("db"), "logging.level.io.partita=WARN",
					"logging.level.org.springframework.batch=WARN")
			.run()) {
			JobOperator jobOperator = context.getBean(JobOperator.class);
			JobRepository jobRepository = context.getBean(JobRepository.class);
			Map<String, String> database = context.getBean(EmbeddedDatabaseServer.class).environment();

			Instant trainingStarted = Instant.now();
			LocalWorkerCommand archived = context.getBean(LocalWorkerCommandDecorator.class)
				.decorate(command, database);
			long trainingMillis = Duration.between(trainingStarted, Instant.now()).toMillis();
			if (archived.equals(command)) {
				throw new IllegalStateException("The workers got no class archive; see the log above");
			}
			long threadsMillis = timeJob(jobOperator, context.getBean("threadsJob", Job.class), partitions);
			long cpuBefore = processCpuNanos();
			Instant started = Instant.now();
			JobExecution partita = jobOperator.start(context.getBean("partitaJob", Job.class), parameters(partitions));
			long partitaMillis = Duration.between(started, Instant.now()).toMillis();
			long managerCpuNanos = processCpuNanos() - cpuBefore;
			require(partita, jobRepository);

			List<Long> reapToHandled = new ArrayList<>();
			List<Long> stepEndToHandled = new ArrayList<>();
			List<Long> launchToStepStart = new ArrayList<>();
			for (PartitionFinishedEvent finish : finishes) {
				StepExecution step = jobRepository.getStepExecution(finish.stepExecutionId());
				reapToHandled.add(Duration.between(finish.exit().endedAt(), finish.detectedAt()).toNanos() / 1000);
				stepEndToHandled
					.add(Duration.between(step.getEndTime().atZone(ZONE).toInstant(), finish.detectedAt()).toMillis());
				launchToStepStart.add(
						Duration
							.between(launches.get(finish.stepExecutionId()).launchedAt(),
									step.getStartTime().atZone(ZONE).toInstant())
							.toMillis());
			}
			WorkerCosts costs = new WorkerCosts(directory);
			List<Cost> plainStarts = new ArrayList<>();
			List<Cost> archivedStarts = new ArrayList<>();
			for (int start = 0; start < starts; start++) {
				// alternately, so that neither variant gets the machine's quieter moments
				plainStarts.add(costs.contextStart(command, workerEnvironment(database, jobRepository)));
				archivedStarts.add(costs.contextStart(archived, workerEnvironment(database, jobRepository)));
			}
			Cost plainLife = costs.run(command, workerEnvironment(database, jobRepository));
			Cost archivedLife = costs.run(archived, workerEnvironment(database, jobRepository));
			OptionalDouble peerSeconds = DeployerPeerRun.wallSeconds(System.getProperty("benchmark.peer.jar", ""),
					partitions, workers, directory);

			System.out.printf("%nPartita local launcher benchmark: %d trivial partitions, %d workers, %d cores%n",
					partitions, workers, Runtime.getRuntime().availableProcessors());
			System.out.printf(
					"  wall time, Partita (a JVM per partition)      %8.1f s  (workers start from the class archive)%n",
					partitaMillis / 1000.0);
			System.out.printf(
					"  wall time, TaskExecutorPartitionHandler      %8.1f s  (threads in one JVM: the floor)%n",
					threadsMillis / 1000.0);
			if (peerSeconds.isPresent()) {
				System.out.printf(
						"  wall time, DeployerPartitionHandler (Spring Cloud Task 3.3, local deployer, 10 s poll)  %6.1f s"
								+ "  (Partita %.1f times faster)%n",
						peerSeconds.getAsDouble(), peerSeconds.getAsDouble() * 1000 / partitaMillis);
			}
			System.out.printf("  class archive's training run (once per class path and JVM)  %6.1f s%n",
					trainingMillis / 1000.0);
			System.out.printf("  completion detection, process reaped -> manager handled  p50 %6.2f ms  p95 %6.2f ms%n",
					percentile(reapToHandled, 50) / 1000.0, percentile(reapToHandled, 95) / 1000.0);
			System.out.printf(
					"  completion detection, step recorded -> manager handled   p50 %6d ms  p95 %6d ms"
							+ "  (includes the worker JVM's shutdown)%n",
					percentile(stepEndToHandled, 50), percentile(stepEndToHandled, 95));
			System.out.printf("  worker start, launch -> step running          p50 %6d ms  p95 %6d ms%n",
					percentile(launchToStepStart, 50), percentile(launchToStepStart, 95));
			printCost("one worker's context start, median of " + starts, WorkerCosts.median(plainStarts),
					WorkerCosts.median(archivedStarts));
			printCost("one worker, whole life (start to exit)", plainLife, archivedLife);
			System.out.printf("  manager CPU per partition                     %6.1f ms%n",
					managerCpuNanos / 1e6 / partitions);
		}
	}

	private static void printCost(String what, Cost plain, Cost archived) {
		System.out.printf(
				"  %s%n    without the archive  %5.2f CPU-s  %5.2f s wall  peak RSS %d MiB%n"
						+ "    from the archive     %5.2f CPU-s  %5.2f s wall  peak RSS %d MiB%n",
				what, plain.cpuSeconds(), plain.wallSeconds(), plain.peakRssKib() / 1024, archived.cpuSeconds(),
				archived.wallSeconds(), archived.peakRssKib() / 1024);
	}

	/**
	 * The environment of one more worker, for a fresh partition of its own.
	 */
	private static Map<String, String> workerEnvironment(Map<String, String> database, JobRepository jobRepository)
			throws Exception {
		JobParameters parameters = parameters(1);
		JobInstance instance = jobRepository.createJobInstance("partitaJob", parameters);
		JobExecution jobExecution = jobRepository.createJobExecution(instance, parameters, new ExecutionContext());
		StepExecution step = jobRepository.createStepExecution(BenchmarkApplication.WORKER_STEP + ":partition0",
				jobExecution);
		Map<String, String> environment = new HashMap<>(database);
		environment.putAll(new WorkerContract(jobExecution.getId(), step.getId(), BenchmarkApplication.WORKER_STEP, 1)
			.toEnvironment());
		return environment;
	}

	private static ApplicationListener<PayloadApplicationEvent<?>> record(Map<Long, PartitionLaunchedEvent> launches,
			List<PartitionFinishedEvent> finishes) {
		return (event) -> {
			if (event.getPayload() instanceof PartitionLaunchedEvent launched) {
				launches.put(launched.stepExecutionId(), launched);
			}
			else if (event.getPayload() instanceof PartitionFinishedEvent finished) {
				finishes.add(finished);
			}
		};
	}

	private static long timeJob(JobOperator jobOperator, Job job, int partitions) throws Exception {
		Instant started = Instant.now();
		JobExecution execution = jobOperator.start(job, parameters(partitions));
		if (execution.getStatus() != BatchStatus.COMPLETED) {
			throw new IllegalStateException(job.getName() + " ended " + execution.getStatus());
		}
		return Duration.between(started, Instant.now()).toMillis();
	}

	private static JobParameters parameters(int partitions) {
		return new JobParametersBuilder().addString("partitions", Integer.toString(partitions))
			.addLong("run", System.nanoTime())
			.toJobParameters();
	}

	private static void require(JobExecution execution, JobRepository jobRepository) {
		JobExecution recorded = jobRepository.getJobExecution(execution.getId());
		if (recorded.getStatus() != BatchStatus.COMPLETED) {
			throw new IllegalStateException("The Partita job ended " + recorded.getStatus() + ": "
					+ recorded.getExitStatus().getExitDescription());
		}
	}

	private static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	private static long percentile(List<Long> values, int percentile) {
		List<Long> sorted = values.stream().sorted().toList();
		int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
	}

}
