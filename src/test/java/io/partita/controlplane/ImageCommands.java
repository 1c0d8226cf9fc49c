package io.partita.controlplane;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;

import io.fabric8.kubernetes.api.model.Container;
import org.jspecify.annotations.Nullable;

/**
 * Maps container images to the local commands a {@link NodeAgent} runs in their place:
 * each image has an {@code ENTRYPOINT} and a {@code CMD}, combined with a container's
 * {@code command} and {@code args} the way a container runtime does. Immutable; each
 * {@code with} method returns a new instance.
 */
public final class ImageCommands {

	private final Map<String, Image> images;

	private ImageCommands(Map<String, Image> images) {
		this.images = Map.copyOf(images);
	}

	/**
	 * No images at all: every pod fails to pull its image.
	 * @return an empty mapping
	 */
	public static ImageCommands none() {
		return new ImageCommands(Map.of());
	}

	/**
	 * Adds an image whose {@code ENTRYPOINT} is the given command, with no {@code CMD}.
	 * @param image the image reference, such as {@code partita-test/exit:0}
	 * @param entrypoint the local command and its arguments
	 * @return a mapping with that image too
	 */
	public ImageCommands with(String image, String... entrypoint) {
		return with(image, List.of(entrypoint), List.of());
	}

	/**
	 * Adds an image with an {@code ENTRYPOINT} and a {@code CMD}.
	 * @param image the image reference
	 * @param entrypoint the local command; its first element is the program
	 * @param cmd default arguments, replaced by a container's {@code args}
	 * @return a mapping with that image too
	 */
	public ImageCommands with(String image, List<String> entrypoint, List<String> cmd) {
		Map<String, Image> images = new LinkedHashMap<>(this.images);
		images.put(image, new Image(List.copyOf(entrypoint), List.copyOf(cmd), null));
		return new ImageCommands(images);
	}

	/**
	 * Adds an image that runs in the agent's own JVM instead of as a process: its main
	 * gets the container's resolved environment and returns the exit code. For trivial
	 * workers at a scale where a JVM per pod cannot start.
	 * @param image the image reference
	 * @param main the container's main
	 * @return a mapping with that image too
	 */
	public ImageCommands withInProcess(String image, ToIntFunction<Map<String, String>> main) {
		Map<String, Image> images = new LinkedHashMap<>(this.images);
		images.put(image, new Image(List.of(), List.of(), main));
		return new ImageCommands(images);
	}

	/**
	 * Whether the container's image is known, so that it can be pulled.
	 * @param container the container
	 * @return whether its image is mapped
	 */
	public boolean knows(Container container) {
		return find(container.getImage()) != null;
	}

	/**
	 * The main of a container whose image runs in process, if it is one.
	 * @param container the container
	 * @return its main, or empty for an image run as a process
	 */
	public Optional<ToIntFunction<Map<String, String>>> inProcessMain(Container container) {
		Image image = find(container.getImage());
		return (image != null) ? Optional.ofNullable(image.main()) : Optional.empty();
	}

	/**
	 * Adds an image whose {@code ENTRYPOINT} runs a main class on this JVM's class path
	 * with this JVM's {@code java}, as
	 * {@code ENTRYPOINT ["java", "-cp", "/app/...", "main.Class"]} would in the image.
	 * @param image the image reference, such as the Partita application image
	 * @param mainClass the main class to run
	 * @return a mapping with that image too
	 */
	public ImageCommands withJavaMain(String image, String mainClass) {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		return with(image, java, "-cp", System.getProperty("java.class.path"), mainClass);
	}

	/**
	 * The local command line for a container, or empty when its image is unknown (an
	 * image pull error).
	 * @param container the container
	 * @return the command line: {@code command} if set, else the {@code ENTRYPOINT};
	 * followed by {@code args} if set, else by the {@code CMD} unless {@code command} was
	 * set
	 */
	public Optional<List<String>> commandLine(Container container) {
		Image image = find(container.getImage());
		if (image == null) {
			return Optional.empty();
		}
		boolean hasCommand = container.getCommand() != null && !container.getCommand().isEmpty();
		boolean hasArgs = container.getArgs() != null && !container.getArgs().isEmpty();
		List<String> line = new ArrayList<>(hasCommand ? container.getCommand() : image.entrypoint());
		if (hasArgs) {
			line.addAll(container.getArgs());
		}
		else if (!hasCommand) {
			line.addAll(image.cmd());
		}
		return line.isEmpty() ? Optional.empty() : Optional.of(line);
	}

	private @Nullable Image find(@Nullable String reference) {
		if (reference == null) {
			return null;
		}
		Image image = this.images.get(reference);
		if (image == null && !reference.substring(reference.lastIndexOf('/') + 1).contains(":")) {
			image = this.images.get(reference + ":latest");
		}
		return image;
	}

	private record Image(List<String> entrypoint, List<String> cmd, @Nullable ToIntFunction<Map<String, String>> main) {

	}

}
