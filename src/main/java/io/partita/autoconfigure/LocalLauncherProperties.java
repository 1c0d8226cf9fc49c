package io.partita.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Local launcher settings.
 */
public class LocalLauncherProperties {

	/**
	 * Main class the worker JVMs run. By default the executable jar the manager runs
	 * from, or else the application's @SpringBootApplication class.
	 */
	private @Nullable String mainClass;

	/**
	 * Comma-separated list of options for the worker JVMs. The defaults favour a fast
	 * start and a small footprint (C1 only, serial GC, a heap that starts small, no
	 * background pre-initialisation of web and JSON classes a worker never uses); replace
	 * them for workers that run long.
	 */
	private List<String> jvmArguments = new ArrayList<>(
			List.of("-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:+UseSerialGC", "-Xms16m", "-Xss512k",
					"-XX:ReservedCodeCacheSize=32m", "-Dspring.backgroundpreinitializer.ignore=true"));

	/**
	 * Directory that receives one log file per worker.
	 */
	private Path workDirectory = Path.of(".partita", "workers");

	/**
	 * Number of lines at the end of a failed worker's log copied into its partition's
	 * exit description.
	 */
	private int logTailLines = 10;

	/**
	 * How long a worker asked to stop may take before it is killed.
	 */
	private Duration stopGracePeriod = Duration.ofSeconds(30);

	private final ClassDataSharing classDataSharing = new ClassDataSharing();

	public @Nullable String getMainClass() {
		return this.mainClass;
	}

	public void setMainClass(@Nullable String mainClass) {
		this.mainClass = mainClass;
	}

	public List<String> getJvmArguments() {
		return this.jvmArguments;
	}

	public void setJvmArguments(List<String> jvmArguments) {
		this.jvmArguments = jvmArguments;
	}

	public Path getWorkDirectory() {
		return this.workDirectory;
	}

	public void setWorkDirectory(Path workDirectory) {
		this.workDirectory = workDirectory;
	}

	public int getLogTailLines() {
		return this.logTailLines;
	}

	public void setLogTailLines(int logTailLines) {
		this.logTailLines = logTailLines;
	}

	public Duration getStopGracePeriod() {
		return this.stopGracePeriod;
	}

	public void setStopGracePeriod(Duration stopGracePeriod) {
		this.stopGracePeriod = stopGracePeriod;
	}

	public ClassDataSharing getClassDataSharing() {
		return this.classDataSharing;
	}

	void validate() {
		PropertyChecks.requireNotNegative("partita.local.log-tail-lines", this.logTailLines,
				"Set it to 0 or more (default 10).");
	}

	/**
	 * Class-data sharing for the worker JVMs.
	 */
	public static class ClassDataSharing {

		/**
		 * Whether workers start from a class archive of the application (a dynamic CDS
		 * archive, or from Java 25 an AOT cache), made by a training run the first time a
		 * class path and JVM are seen. It takes an application run from its jar: a class
		 * path with directories on it is left as it is.
		 */
		private boolean enabled = true;

		/**
		 * Directory that keeps the class archives and the extracted executable jar. By
		 * default "class-data" in the work directory.
		 */
		private @Nullable Path directory;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable Path getDirectory() {
			return this.directory;
		}

		public void setDirectory(@Nullable Path directory) {
			this.directory = directory;
		}

	}

}
