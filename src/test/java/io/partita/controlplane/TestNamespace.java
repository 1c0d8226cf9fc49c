package io.partita.controlplane;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * A namespace created for one test class on the {@link ControlPlane}, deleted
 * (asynchronously, by the namespace controller) when closed.
 */
public final class TestNamespace implements AutoCloseable {

	private final KubernetesClient client;

	private final String name;

	TestNamespace(KubernetesClient client, String name) {
		this.client = client;
		this.name = name;
	}

	/**
	 * The namespace's name.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	@Override
	public void close() {
		this.client.namespaces().withName(this.name).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
	}

	@Override
	public String toString() {
		return this.name;
	}

}
