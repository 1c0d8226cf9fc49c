package io.partita.ops.health;

import java.util.List;

/**
 * An RBAC permission the manager needs in the namespace of its workers.
 *
 * @param verb the verb, such as {@code create}
 * @param group the API group, empty for the core group
 * @param resource the resource, such as {@code jobs}
 * @param subresource the subresource, such as {@code log}, or empty
 */
public record KubernetesPermission(String verb, String group, String resource, String subresource) {

	/**
	 * What the manager does with the Kubernetes launcher, as granted by the Role in
	 * {@code config/role.yaml}: it creates, watches and deletes its worker Jobs, watches
	 * their pods (and deletes one to stop an index of an Indexed Job), reads the log of a
	 * failed pod, and reads its own pod.
	 */
	public static final List<KubernetesPermission> MANAGER = List.of(job("create"), job("get"), job("list"),
			job("watch"), job("delete"), pod("get"), pod("list"), pod("watch"), pod("delete"),
			new KubernetesPermission("get", "", "pods", "log"));

	/**
	 * Returns the permission as people write it: {@code create jobs.batch},
	 * {@code get pods/log}.
	 */
	public String describe() {
		return this.verb + " " + (this.group.isEmpty() ? resourcePath() : resourcePath() + "." + this.group);
	}

	/**
	 * Returns the resource as an RBAC rule names it: {@code jobs}, {@code pods/log}.
	 */
	public String resourcePath() {
		return this.subresource.isEmpty() ? this.resource : this.resource + "/" + this.subresource;
	}

	private static KubernetesPermission job(String verb) {
		return new KubernetesPermission(verb, "batch", "jobs", "");
	}

	private static KubernetesPermission pod(String verb) {
		return new KubernetesPermission(verb, "", "pods", "");
	}

}
