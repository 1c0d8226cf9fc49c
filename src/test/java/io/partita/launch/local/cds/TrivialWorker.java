package io.partita.launch.local.cds;

/**
 * A worker stand-in that loads a few classes and exits, for archive tests that need a JVM
 * but no Spring context.
 */
public final class TrivialWorker {

	private TrivialWorker() {
	}

	public static void main(String[] args) {
		System.out.println(
				"trivial worker " + java.time.Instant.now() + " " + new java.util.TreeMap<>(System.getenv()).size());
	}

}
