package io.partita.launch.local.cds;

import java.nio.file.Path;
import java.util.List;

/**
 * The kind of class archive the workers' JVM makes and reads, and its options.
 */
enum ArchiveFormat {

	/**
	 * A dynamic class-data-sharing archive (Java 13 and later), made at the exit of the
	 * training run.
	 */
	DYNAMIC_CDS("jsa", "-XX:ArchiveClassesAtExit=", "-XX:SharedArchiveFile=", "-Xshare:on"),

	/**
	 * An ahead-of-time cache (JEP 483 and JEP 514's one-step training, Java 25 and
	 * later), which holds classes already linked as well as loaded.
	 */
	AOT_CACHE("aot", "-XX:AOTCacheOutput=", "-XX:AOTCache=", "-XX:AOTMode=on");

	private static final int AOT_CACHE_OUTPUT_FEATURE = 25;

	private final String extension;

	private final String trainingOption;

	private final String useOption;

	private final String requireOption;

	ArchiveFormat(String extension, String trainingOption, String useOption, String requireOption) {
		this.extension = extension;
		this.trainingOption = trainingOption;
		this.useOption = useOption;
		this.requireOption = requireOption;
	}

	/**
	 * The format the given Java runtime makes best.
	 */
	static ArchiveFormat of(Runtime.Version version) {
		return (version.feature() >= AOT_CACHE_OUTPUT_FEATURE) ? AOT_CACHE : DYNAMIC_CDS;
	}

	String fileName(String baseName) {
		return baseName + "." + this.extension;
	}

	/**
	 * Options of the training run, which writes the archive when it exits.
	 */
	List<String> training(Path archive) {
		return List.of(this.trainingOption + archive);
	}

	/**
	 * Options of a worker that starts from the archive, or without it when the JVM
	 * rejects it.
	 */
	List<String> use(Path archive) {
		return List.of(this.useOption + archive);
	}

	/**
	 * Options of a JVM that must start from the archive, and fails if it cannot.
	 */
	List<String> require(Path archive) {
		return List.of(this.requireOption, this.useOption + archive);
	}

	/**
	 * Whether the given JVM option already chooses an archive, which Partita then leaves
	 * to whoever set it.
	 */
	static boolean choosesAnArchive(String jvmArgument) {
		for (ArchiveFormat format : values()) {
			if (jvmArgument.startsWith(format.trainingOption) || jvmArgument.startsWith(format.useOption)) {
				return true;
			}
		}
		// any -Xshare option: an AOT cache's training refuses even -Xshare:auto
		return jvmArgument.startsWith("-XX:AOTMode") || jvmArgument.startsWith("-XX:AOTConfiguration")
				|| jvmArgument.startsWith("-Xshare:");
	}

}
