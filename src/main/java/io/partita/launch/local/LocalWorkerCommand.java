package io.partita.launch.local;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

import org.jspecify.annotations.Nullable;

/**
 * The command line that starts a worker JVM: the running Java, the configured JVM
 * options, the manager's own classpath and main class (or its executable jar), and the
 * manager's {@code --option} arguments.
 *
 * @param java the Java executable
 * @param jvmArguments options for the worker JVM
 * @param launchTarget {@code -cp <classpath> <main class>} or {@code -jar <jar>}
 * @param applicationArguments arguments for the application
 */
public record LocalWorkerCommand(String java, List<String> jvmArguments, List<String> launchTarget,
		List<String> applicationArguments) {

	public LocalWorkerCommand {
		jvmArguments = List.copyOf(jvmArguments);
		launchTarget = List.copyOf(launchTarget);
		applicationArguments = List.copyOf(applicationArguments);
	}

	/**
	 * Builds the command that starts this application again as a worker.
	 * @param mainClass the main class to run, or {@code null} to use the executable jar
	 * the manager runs from
	 * @param fallbackMainClass the main class found in the application context, used when
	 * there is no executable jar
	 * @param jvmArguments options for the worker JVM
	 * @param applicationArguments the manager's arguments; only {@code --option} ones are
	 * passed on
	 * @throws IllegalStateException when neither a main class nor an executable jar can
	 * be found
	 */
	public static LocalWorkerCommand forThisApplication(@Nullable String mainClass, @Nullable String fallbackMainClass,
			List<String> jvmArguments, List<String> applicationArguments) {
		String classpath = System.getProperty("java.class.path", "");
		List<String> target;
		if (mainClass != null && !mainClass.isBlank()) {
			target = List.of("-cp", classpath, mainClass);
		}
		else if (isExecutableJar(classpath)) {
			target = List.of("-jar", classpath);
		}
		else if (fallbackMainClass != null) {
			target = List.of("-cp", classpath, fallbackMainClass);
		}
		else {
			throw new IllegalStateException("Cannot tell how to start a worker JVM: the manager runs neither from an "
					+ "executable jar nor from a @SpringBootApplication class. Set partita.local.main-class to the "
					+ "main class of your application.");
		}
		List<String> jvm = new ArrayList<>(systemPropertyArguments());
		jvm.addAll(jvmArguments);
		List<String> options = applicationArguments.stream().filter((argument) -> argument.startsWith("--")).toList();
		return new LocalWorkerCommand(javaExecutable(), jvm, target, options);
	}

	/**
	 * Returns this command with the given JVM options after its own.
	 */
	public LocalWorkerCommand withJvmArguments(List<String> more) {
		List<String> jvm = new ArrayList<>(this.jvmArguments);
		jvm.addAll(more);
		return new LocalWorkerCommand(this.java, jvm, this.launchTarget, this.applicationArguments);
	}

	/**
	 * Returns this command starting the given launch target instead.
	 */
	public LocalWorkerCommand withLaunchTarget(List<String> launchTarget) {
		return new LocalWorkerCommand(this.java, this.jvmArguments, launchTarget, this.applicationArguments);
	}

	public List<String> toList() {
		List<String> command = new ArrayList<>();
		command.add(this.java);
		command.addAll(this.jvmArguments);
		command.addAll(this.launchTarget);
		command.addAll(this.applicationArguments);
		return command;
	}

	private static String javaExecutable() {
		return ProcessHandle.current()
			.info()
			.command()
			.orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
	}

	private static List<String> systemPropertyArguments() {
		return ManagementFactory.getRuntimeMXBean()
			.getInputArguments()
			.stream()
			.filter((argument) -> argument.startsWith("-D"))
			.toList();
	}

	private static boolean isExecutableJar(String classpath) {
		if (classpath.contains(File.pathSeparator) || !classpath.endsWith(".jar")) {
			return false;
		}
		try (JarFile jar = new JarFile(classpath)) {
			return jar.getManifest() != null && jar.getManifest().getMainAttributes().getValue("Start-Class") != null;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
