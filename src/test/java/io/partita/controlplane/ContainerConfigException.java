package io.partita.controlplane;

/**
 * Thrown by {@link ContainerEnvironment} when a container cannot be configured — a
 * missing Secret, ConfigMap or key — which a kubelet reports as the waiting reason
 * {@code CreateContainerConfigError}.
 */
class ContainerConfigException extends Exception {

	private static final long serialVersionUID = 1L;

	ContainerConfigException(String message) {
		super(message);
	}

}
