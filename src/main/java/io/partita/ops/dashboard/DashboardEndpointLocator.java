package io.partita.ops.dashboard;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tells the dashboard's script where the Actuator endpoint {@code partita} is, with the
 * servlet context path, Actuator's base path and any path mapping applied, or that it is
 * not exposed.
 */
@RestController
public class DashboardEndpointLocator {

	private static final EndpointId PARTITA = EndpointId.of("partita");

	private final ObjectProvider<PathMappedEndpoints> endpoints;

	public DashboardEndpointLocator(ObjectProvider<PathMappedEndpoints> endpoints) {
		this.endpoints = endpoints;
	}

	/**
	 * Returns {@code {"endpoint": "<path>"}}, or {@code {"endpoint": null, "message":
	 * "<how to expose it>"}}.
	 */
	@GetMapping(DashboardResources.PATH + "endpoint.json")
	public Map<String, @Nullable String> locate(HttpServletRequest request) {
		PathMappedEndpoints mapped = this.endpoints.getIfAvailable();
		String path = (mapped != null) ? mapped.getPath(PARTITA) : null;
		Map<String, @Nullable String> body = new LinkedHashMap<>();
		body.put("endpoint", (path != null) ? request.getContextPath() + path : null);
		if (path == null) {
			body.put("message", "The Actuator endpoint 'partita' is not exposed over HTTP on this port: add it to "
					+ "management.endpoints.web.exposure.include (and leave management.server.port unset).");
		}
		return body;
	}

}
