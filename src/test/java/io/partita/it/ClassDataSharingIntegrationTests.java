package io.partita.it;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.partita.autoconfigure.PartitaProperties;
import io.partita.launch.local.LocalWorkerCommand;
import io.partita.test.JarClassPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Workers that start from a class archive, end to end: managers in this JVM, one after
 * the other as separate runs of an application would be, each running a job whose
 * partitions are real child JVMs on a class path of jars, with the embedded default job
 * repository. Workers log the JVM's class-data sharing ({@code -Xlog:cds}), which says
 * when it maps the archive's dynamic regions.
 */
@ExtendWith(OutputCaptureExtension.class)
class ClassDataSharingIntegrationTests {

	private static final String MAPPED = "Mapped dynamic region";

	private static final String TRAINING = "with a training run";

	@TempDir
	static Path shared;

	private static String jarClassPath;

	@TempDir
	Path directory;

	private int runs;

	@BeforeAll
	static void packClassPath() {
		jarClassPath = JarClassPath.of(shared.resolve("jars"));
	}

	@Test
	void archiveIsMadeOnceAndEveryLaterWorkerStartsFromIt(CapturedOutput output) throws Exception {
		Run first = runJob(jarClassPath, true);
		Object archive = Files.readAttributes(onlyArchive(), "unix:ino");
		Run second = runJob(jarClassPath, true);

		assertThat(first.status()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(second.status()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(output.getOut().split(TRAINING, -1)).hasSize(2);
		assertThat(Files.readAttributes(onlyArchive(), "unix:ino")).isEqualTo(archive);
		assertThat(second.workerLogs()).hasSize(3).allSatisfy((log) -> assertThat(log).contains(MAPPED));
		assertThat(first.workerLogs()).hasSize(3).allSatisfy((log) -> assertThat(log).contains(MAPPED));
	}

	@Test
	void damagedArchiveIsRejectedBeforeAnyWorkerMapsItAndMadeAgain(CapturedOutput output) throws Exception {
		runJob(jarClassPath, true);
		Path archive = onlyArchive();
		try (RandomAccessFile file = new RandomAccessFile(archive.toFile(), "rw")) {
			file.setLength(file.length() / 3);
		}

		Run run = runJob(jarClassPath, true);

		assertThat(run.status()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(run.partitions()).hasSize(3)
			.allSatisfy((partition) -> assertThat(partition.getStatus()).isEqualTo(BatchStatus.COMPLETED));
		assertThat(output.getOut()).contains("The JVM rejects the workers' class archive " + archive);
		assertThat(output.getOut().split(TRAINING, -1)).hasSize(3);
		assertThat(run.workerLogs()).allSatisfy((log) -> assertThat(log).contains(MAPPED));
	}

	@Test
	void changedClassPathGetsAnArchiveOfItsOwnAndAMismatchedOneIsMadeAgain(CapturedOutput output) throws Exception {
		runJob(jarClassPath, true);
		Path old = onlyArchive();
		Path oldCopy = Files.copy(old, this.directory.resolve("old-archive"));
		Path jar = Path.of(jarClassPath.split(File.pathSeparator)[0]);
		Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));

		Run changed = runJob(jarClassPath, true);
		Path current = onlyArchive();
		Files.copy(oldCopy, current, StandardCopyOption.REPLACE_EXISTING);
		Run mismatched = runJob(jarClassPath, true);

		assertThat(current).isNotEqualTo(old);
		assertThat(changed.status()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(changed.workerLogs()).allSatisfy((log) -> assertThat(log).contains(MAPPED));
		assertThat(mismatched.status()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(mismatched.workerLogs()).allSatisfy((log) -> assertThat(log).contains(MAPPED));
		assertThat(output.getOut()).contains("The JVM rejects the workers' class archive " + current);
		assertThat(output.getOut().split(TRAINING, -1)).hasSize(4);
	}

	@Test
	void turnedOffWorkersStartWithoutAnArchive(CapturedOutput output) throws Exception {
		Run run = runJob(jarClassPath, false);

		assertThat(run.status()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(run.workerLogs()).hasSize(3).allSatisfy((log) -> assertThat(log).doesNotContain(MAPPED));
		assertThat(classData()).doesNotExist();
		assertThat(output.getOut()).doesNotContain(TRAINING);
	}

	@Test
	void classPathWithDirectoriesStartsWorkersWithoutAnArchiveAndSaysWhy(CapturedOutput output) throws Exception {
		Run run = runJob(System.getProperty("java.class.path"), true);

		assertThat(run.status()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(run.workerLogs()).hasSize(3).allSatisfy((log) -> assertThat(log).doesNotContain(MAPPED));
		assertThat(classData()).doesNotExist();
		assertThat(output.getOut())
			.contains("Workers start without class-data sharing: their class path holds the directory ")
			.doesNotContain(TRAINING);
	}

	private Run runJob(String classPath, boolean classDataSharing) throws Exception {
		int run = ++this.runs;
		Path workers = this.directory.resolve("workers-" + run);
		try (ConfigurableApplicationContext manager = new SpringApplicationBuilder(TestJobsApplication.class)
			.initializers((context) -> context.getBeanFactory()
				.registerSingleton("localWorkerCommand", workerCommand(context.getEnvironment(), classPath)))
			.run("--spring.main.web-application-type=none", "--partita.max-workers=3",
					"--partita.local.work-directory=" + workers,
					"--partita.local.class-data-sharing.enabled=" + classDataSharing,
					"--partita.local.class-data-sharing.directory=" + classData(),
					"--partita.embedded-database.directory=" + this.directory.resolve("db-" + run))) {
			JobExecution execution = manager.getBean(JobOperator.class)
				.start(manager.getBean(TestJobsApplication.JOB, Job.class),
						new JobParametersBuilder().addString("partitions", "3")
							.addLong("run", System.nanoTime())
							.toJobParameters());
			JobRepository jobRepository = manager.getBean(JobRepository.class);
			List<StepExecution> partitions = jobRepository.getJobExecution(execution.getId())
				.getStepExecutions()
				.stream()
				.filter((step) -> step.getStepName().startsWith(TestJobsApplication.WORKER_STEP + ":"))
				.toList();
			return new Run(execution.getStatus(), partitions, logs(workers));
		}
	}

	private static LocalWorkerCommand workerCommand(org.springframework.core.env.Environment environment,
			String classPath) {
		List<String> jvmArguments = new ArrayList<>(new PartitaProperties().getLocal().getJvmArguments());
		jvmArguments.add("-Xlog:cds=info");
		return new LocalWorkerCommand(
				LocalWorkerCommand.forThisApplication(TestJobsApplication.class.getName(), null, List.of(), List.of())
					.java(),
				jvmArguments, List.of("-cp", classPath, TestJobsApplication.class.getName()), List.of());
	}

	private Path classData() {
		return this.directory.resolve("class-data");
	}

	private Path onlyArchive() throws IOException {
		try (Stream<Path> files = Files.list(classData())) {
			List<Path> archives = files.filter((file) -> file.toString().endsWith(".jsa")).toList();
			assertThat(archives).hasSize(1);
			return archives.get(0);
		}
	}

	private static List<String> logs(Path workers) throws IOException {
		try (Stream<Path> files = Files.walk(workers)) {
			List<String> logs = new ArrayList<>();
			for (Path log : (Iterable<Path>) files.filter((file) -> file.toString().endsWith(".log"))::iterator) {
				logs.add(Files.readString(log));
			}
			return logs;
		}
	}

	private record Run(BatchStatus status, List<StepExecution> partitions, List<String> workerLogs) {
	}

}
