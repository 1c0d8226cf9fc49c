package io.partita.controlplane;

import java.net.HttpURLConnection;
import java.time.Instant;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * The API requests the {@link NodeAgent} sends as a kubelet and a scheduler would:
 * register its node, bind pods to it, write pod status with JSON merge patches of the
 * status subresource and remove pods once their containers are gone.
 */
final class NodeApi {

	private final KubernetesClient client;

	private final String nodeName;

	NodeApi(KubernetesClient client, String nodeName) {
		this.client = client;
		this.nodeName = nodeName;
	}

	String nodeName() {
		return this.nodeName;
	}

	/**
	 * Creates (or takes over) the node object and reports it {@code Ready}, with loopback
	 * addresses.
	 */
	void registerNode() {
		Node node = new NodeBuilder().withNewMetadata()
			.withName(this.nodeName)
			.addToLabels("kubernetes.io/hostname", this.nodeName)
			.addToLabels("kubernetes.io/os", "linux")
			.endMetadata()
			.build();
		try {
			this.client.nodes().resource(node).create();
		}
		catch (KubernetesClientException ex) {
			if (ex.getCode() != HttpURLConnection.HTTP_CONFLICT) {
				throw ex;
			}
		}
		Map<String, Quantity> capacity = Map.of("cpu",
				new Quantity(Integer.toString(Runtime.getRuntime().availableProcessors())), "memory",
				new Quantity("8Gi"), "pods", new Quantity("110"));
		String now = PodStatuses.timestamp(Instant.now());
		NodeStatus status = new NodeStatusBuilder().addNewCondition()
			.withType("Ready")
			.withStatus("True")
			.withReason("KubeletReady")
			.withMessage("kubelet is posting ready status")
			.withLastHeartbeatTime(now)
			.withLastTransitionTime(now)
			.endCondition()
			.addNewAddress("127.0.0.1", "InternalIP")
			.addNewAddress(this.nodeName, "Hostname")
			.withCapacity(capacity)
			.withAllocatable(capacity)
			.withNewNodeInfo()
			.withKubeletVersion(this.client.getKubernetesVersion().getGitVersion())
			.withOperatingSystem("linux")
			.withArchitecture("amd64")
			.withContainerRuntimeVersion("partita://local-processes")
			.endNodeInfo()
			.build();
		this.client.nodes().resource(new NodeBuilder(node).withStatus(status).build()).patchStatus();
	}

	/**
	 * Binds a pod to the node, through the pod's binding subresource.
	 * @param namespace the pod's namespace
	 * @param name the pod's name
	 * @return whether it was bound now (not earlier, and not gone)
	 */
	boolean bind(String namespace, String name) {
		Binding binding = new BindingBuilder().withNewMetadata()
			.withName(name)
			.withNamespace(namespace)
			.endMetadata()
			.withNewTarget()
			.withApiVersion("v1")
			.withKind("Node")
			.withName(this.nodeName)
			.endTarget()
			.build();
		try {
			this.client.bindings().inNamespace(namespace).resource(binding).create();
			return true;
		}
		catch (KubernetesClientException ex) {
			if (ex.getCode() == HttpURLConnection.HTTP_CONFLICT || ex.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
				return false;
			}
			throw ex;
		}
	}

	/**
	 * Writes a pod's status with a JSON merge patch of the status subresource: the lists
	 * it holds (conditions, container statuses) replace the pod's.
	 * @param namespace the pod's namespace
	 * @param name the pod's name
	 * @param status the status
	 */
	void patchStatus(String namespace, String name, PodStatus status) {
		Pod pod = new PodBuilder().withNewMetadata()
			.withName(name)
			.withNamespace(namespace)
			.endMetadata()
			.withStatus(status)
			.build();
		try {
			this.client.pods().inNamespace(namespace).resource(pod).patchStatus();
		}
		catch (KubernetesClientException ex) {
			if (ex.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
				throw ex;
			}
		}
	}

	/**
	 * Deletes a pod with grace period 0, as a kubelet does once the pod's containers are
	 * gone.
	 * @param namespace the pod's namespace
	 * @param name the pod's name
	 */
	void deleteNow(String namespace, String name) {
		this.client.pods().inNamespace(namespace).withName(name).withGracePeriod(0).delete();
	}

}
