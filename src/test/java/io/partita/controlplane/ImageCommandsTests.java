package io.partita.controlplane;

import java.util.List;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@link ImageCommands} combines an image's ENTRYPOINT and CMD with a container's
 * command and args.
 */
class ImageCommandsTests {

	private final ImageCommands images = ImageCommands.none()
		.with("app:1", List.of("java", "-jar", "app.jar"), List.of("--default"));

	@Test
	void containerWithoutCommandOrArgsRunsEntrypointAndCmd() {
		assertThat(this.images.commandLine(container("app:1", List.of(), List.of())))
			.hasValue(List.of("java", "-jar", "app.jar", "--default"));
	}

	@Test
	void argsReplaceCmd() {
		assertThat(this.images.commandLine(container("app:1", List.of(), List.of("--other"))))
			.hasValue(List.of("java", "-jar", "app.jar", "--other"));
	}

	@Test
	void commandReplacesEntrypointAndCmd() {
		assertThat(this.images.commandLine(container("app:1", List.of("sh", "-c", "true"), List.of())))
			.hasValue(List.of("sh", "-c", "true"));
	}

	@Test
	void commandAndArgsReplaceBoth() {
		assertThat(this.images.commandLine(container("app:1", List.of("sh", "-c"), List.of("exit 3"))))
			.hasValue(List.of("sh", "-c", "exit 3"));
	}

	@Test
	void untaggedImageMeansLatest() {
		ImageCommands images = ImageCommands.none().with("tool:latest", "tool");

		assertThat(images.commandLine(container("tool", List.of(), List.of()))).hasValue(List.of("tool"));
	}

	@Test
	void unknownImageHasNoCommand() {
		assertThat(this.images.commandLine(container("app:2", List.of(), List.of()))).isEmpty();
	}

	@Test
	void variableReferencesExpandAsKubeletDoes() {
		assertThat(ContainerEnvironment.expand("$(A)-$(B)-$$(A)", java.util.Map.of("A", "1"))).isEqualTo("1-$(B)-$(A)");
	}

	private static Container container(String image, List<String> command, List<String> args) {
		return new ContainerBuilder().withName("c").withImage(image).withCommand(command).withArgs(args).build();
	}

}
