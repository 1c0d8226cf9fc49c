package io.partita.controlplane;

/**
 * A main class that {@link NodeAgentTests} run as a container, the way the Partita
 * image's {@code ENTRYPOINT} runs the application: prints its arguments and its pod's
 * host name.
 */
public final class EchoArguments {

	private EchoArguments() {
	}

	public static void main(String[] args) {
		System.out.println("args=" + String.join(",", args));
		System.out.println("hostname=" + System.getenv("HOSTNAME"));
	}

}
