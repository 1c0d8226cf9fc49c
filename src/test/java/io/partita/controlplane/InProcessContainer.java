package io.partita.controlplane;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.ToIntFunction;

/**
 * A container of an in-process image (see {@link ImageCommands#withInProcess}): its main
 * runs as a task of this JVM with the container's environment, so a node can run
 * thousands of trivial containers where it could not start thousands of JVMs. SIGTERM
 * before the task runs ends it with 143, SIGKILL with 137.
 */
final class InProcessContainer implements ContainerProcess {

	private final CompletableFuture<Integer> exit = new CompletableFuture<>();

	private final Instant startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);

	private InProcessContainer() {
	}

	static InProcessContainer start(ToIntFunction<Map<String, String>> main, Map<String, String> environment,
			Executor executor) {
		InProcessContainer container = new InProcessContainer();
		executor.execute(() -> {
			if (!container.exit.isDone()) {
				try {
					container.exit.complete(main.applyAsInt(environment));
				}
				catch (RuntimeException ex) {
					container.exit.complete(1);
				}
			}
		});
		return container;
	}

	@Override
	public Instant startedAt() {
		return this.startedAt;
	}

	@Override
	public boolean isAlive() {
		return !this.exit.isDone();
	}

	@Override
	public CompletableFuture<Integer> exit() {
		return this.exit;
	}

	@Override
	public void terminate() {
		this.exit.complete(143);
	}

	@Override
	public void kill() {
		this.exit.complete(137);
	}

}
