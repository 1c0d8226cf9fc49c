package io.partita.launch.kubernetes;

import java.io.IOException;

import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Tells which Kubernetes API failures are worth a retry and describes the others in words
 * that name the fix, such as the RBAC rule the manager's service account lacks.
 */
public final class KubernetesApiFailures {

	private KubernetesApiFailures() {
	}

	/**
	 * Whether the failure may pass if the request is sent again: 429 Too Many Requests, a
	 * 5xx status, or a connection failure.
	 */
	public static boolean isRetryable(Throwable failure) {
		if (!(failure instanceof KubernetesClientException ex)) {
			return false;
		}
		int code = ex.getCode();
		return code == 429 || code >= 500 || (code <= 0 && hasCause(ex, IOException.class));
	}

	/**
	 * Describes a failed request in words that name the fix.
	 * @param failure the failure
	 * @param verb the RBAC verb of the request, such as {@code create}
	 * @param resource the resource, such as {@code jobs} or {@code pods/log}
	 * @param apiGroup the API group, such as {@code batch}, or empty for the core group
	 * @param namespace the namespace of the request
	 */
	public static String describe(Throwable failure, String verb, String resource, String apiGroup, String namespace) {
		String qualified = apiGroup.isEmpty() ? resource : resource + "." + apiGroup;
		if (!(failure instanceof KubernetesClientException ex) || ex.getCode() <= 0) {
			return "cannot " + verb + " " + qualified + " in namespace " + namespace + ": " + failure.getMessage();
		}
		return switch (ex.getCode()) {
			case 401 -> "the Kubernetes API server did not accept the manager's credentials (401 Unauthorized) when "
					+ "asked to " + verb + " " + qualified + ": check the service account token or kubeconfig";
			case 403 -> "the manager's service account may not " + verb + " " + qualified + " in namespace " + namespace
					+ ": grant verb '" + verb + "' on '" + resource + "' (apiGroup "
					+ (apiGroup.isEmpty() ? "\"\"" : apiGroup) + ") in a Role bound to it";
			case 404 -> "cannot " + verb + " " + qualified + " in namespace " + namespace + ": not found ("
					+ statusMessage(ex) + "); check partita.kubernetes.namespace";
			case 422 -> "the Kubernetes API server rejected the request to " + verb + " " + qualified + " as invalid: "
					+ statusMessage(ex);
			default -> "cannot " + verb + " " + qualified + " in namespace " + namespace + ": HTTP " + ex.getCode()
					+ " " + statusMessage(ex);
		};
	}

	private static String statusMessage(KubernetesClientException ex) {
		return (ex.getStatus() != null && ex.getStatus().getMessage() != null) ? ex.getStatus().getMessage()
				: String.valueOf(ex.getMessage());
	}

	private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return true;
			}
		}
		return false;
	}

}
