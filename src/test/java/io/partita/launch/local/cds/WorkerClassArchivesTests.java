package io.partita.launch.local.cds;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import io.partita.launch.local.LocalWorkerCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both archive formats on real JVMs, with a worker that needs no Spring context: the
 * running Java for a dynamic CDS archive, and the Java 25 installed beside it
 * ({@code PARTITA_TEST_JAVA25_HOME}, by default Temurin's) for an AOT cache.
 */
@ExtendWith(OutputCaptureExtension.class)
class WorkerClassArchivesTests {

	private static final Path JAVA25_HOME = Path
		.of(System.getenv().getOrDefault("PARTITA_TEST_JAVA25_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"));

	@TempDir
	Path directory;

	@Test
	void dynamicArchiveIsMadeCheckedAndUsed() throws Exception {
		assertThat(madeCheckedAndUsed(currentJava(), ArchiveFormat.DYNAMIC_CDS, "-Xshare:on", "-Xlog:cds=info"))
			.contains("Mapped dynamic region");
	}

	@Test
	void aotCacheIsMadeCheckedAndUsedOnJava25() throws Exception {
		Path java = JAVA25_HOME.resolve("bin/java");
		assertThat(java).as("a Java 25 for the AOT cache; set PARTITA_TEST_JAVA25_HOME").isExecutable();

		assertThat(madeCheckedAndUsed(java.toString(), ArchiveFormat.AOT_CACHE, "-XX:AOTMode=on", "-Xlog:aot=info"))
			.contains("trivial worker");
	}

	/**
	 * Decorates a worker of the given Java, then runs the decorated command with the
	 * archive required, and returns its output.
	 */
	private String madeCheckedAndUsed(String java, ArchiveFormat format, String... required) throws Exception {
		LocalWorkerCommand decorated = new WorkerClassArchives(this.directory.resolve("class-data"), format)
			.decorate(worker(java), Map.of());

		Path archive = onlyArchive(format);
		assertThat(decorated.jvmArguments()).containsExactly("-Xss512k", format.use(archive).get(0));
		return run(decorated.withJvmArguments(List.of(required)));
	}

	@Test
	void archiveTheJvmRejectsIsMadeAgainByTheNextManager(CapturedOutput output) throws Exception {
		LocalWorkerCommand worker = worker(currentJava());
		new WorkerClassArchives(this.directory.resolve("class-data"), ArchiveFormat.DYNAMIC_CDS).decorate(worker,
				Map.of());
		Path archive = onlyArchive(ArchiveFormat.DYNAMIC_CDS);
		// what the training run of a manager killed on the way leaves (no process has
		// that id)
		Path leftover = Files.write(archive.resolveSibling(archive.getFileName() + ".training-99999999"),
				new byte[] { 1 });
		try (RandomAccessFile file = new RandomAccessFile(archive.toFile(), "rw")) {
			file.setLength(file.length() / 2);
		}

		LocalWorkerCommand decorated = new WorkerClassArchives(this.directory.resolve("class-data"),
				ArchiveFormat.DYNAMIC_CDS)
			.decorate(worker, Map.of());

		assertThat(output.getOut()).contains("The JVM rejects the workers' class archive " + archive);
		assertThat(run(decorated.withJvmArguments(List.of("-Xshare:on", "-Xlog:cds=info"))))
			.contains("Mapped dynamic region");
		assertThat(leftover).doesNotExist();
	}

	@Test
	void workerArgumentsThatChooseAnArchiveAreLeftAsTheyAre(CapturedOutput output) throws Exception {
		LocalWorkerCommand worker = worker(currentJava()).withJvmArguments(List.of("-Xshare:off"));

		LocalWorkerCommand decorated = new WorkerClassArchives(this.directory.resolve("class-data"),
				ArchiveFormat.DYNAMIC_CDS)
			.decorate(worker, Map.of());

		assertThat(decorated).isEqualTo(worker);
		assertThat(output.getOut()).contains("Partita makes no class archive of its own");
	}

	@Test
	void failedTrainingRunStartsWorkersWithoutAnArchiveAndSaysWhere(CapturedOutput output) throws Exception {
		LocalWorkerCommand worker = new LocalWorkerCommand(currentJava(), List.of(),
				List.of("-cp", jar().toString(), "io.partita.NoSuchMain"), List.of());

		LocalWorkerCommand decorated = new WorkerClassArchives(this.directory.resolve("class-data"),
				ArchiveFormat.DYNAMIC_CDS)
			.decorate(worker, Map.of());

		assertThat(decorated).isEqualTo(worker);
		assertThat(output.getOut())
			.contains("Workers start without class-data sharing: its training run ended with " + "exit code 1; see ");
	}

	@Test
	void launchTargetItCannotReadStartsWorkersWithoutAnArchive(CapturedOutput output) {
		LocalWorkerCommand worker = new LocalWorkerCommand(currentJava(), List.of(),
				List.of("-m", "io.partita.worker/io.partita.Main"), List.of());

		LocalWorkerCommand decorated = new WorkerClassArchives(this.directory.resolve("class-data"),
				ArchiveFormat.DYNAMIC_CDS)
			.decorate(worker, Map.of());

		assertThat(decorated).isEqualTo(worker);
		assertThat(output.getOut()).contains("Workers start without class-data sharing: "
				+ "java.lang.IllegalArgumentException: Not a launch target: [-m, io.partita.worker/io.partita.Main]");
	}

	private LocalWorkerCommand worker(String java) throws IOException {
		return new LocalWorkerCommand(java, List.of("-Xss512k"),
				List.of("-cp", jar().toString(), TrivialWorker.class.getName()), List.of());
	}

	private Path jar() throws IOException {
		Path jar = this.directory.resolve("trivial-worker.jar");
		if (Files.exists(jar)) {
			return jar;
		}
		String entry = TrivialWorker.class.getName().replace('.', '/') + ".class";
		try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
			out.putNextEntry(new JarEntry(entry));
			out.write(TrivialWorker.class.getClassLoader().getResourceAsStream(entry).readAllBytes());
			out.closeEntry();
		}
		return jar;
	}

	private Path onlyArchive(ArchiveFormat format) throws IOException {
		try (Stream<Path> files = Files.list(this.directory.resolve("class-data"))) {
			List<Path> archives = files.filter((file) -> file.toString().endsWith(format.fileName(""))).toList();
			assertThat(archives).hasSize(1);
			return archives.get(0);
		}
	}

	private String run(LocalWorkerCommand command) throws Exception {
		Path output = this.directory.resolve("run.log");
		Process process = new ProcessBuilder(command.toList()).redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.start();
		assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
		String text = Files.readString(output);
		assertThat(process.exitValue()).as(text).isZero();
		return text;
	}

	private static String currentJava() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

}
