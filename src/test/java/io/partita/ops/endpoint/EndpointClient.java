package io.partita.ops.endpoint;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;

/**
 * Talks HTTP to a manager's Actuator endpoint {@code partita} in tests.
 */
public final class EndpointClient {

	private final HttpClient client = HttpClient.newHttpClient();

	private final String base;

	/**
	 * Creates a client of the endpoint at
	 * {@code http://127.0.0.1:<port>/actuator/partita}.
	 */
	public EndpointClient(int port) {
		this.base = "http://127.0.0.1:" + port + "/actuator/partita";
	}

	/**
	 * Sends a GET to the endpoint's path plus the given suffix.
	 */
	public Response get(String suffix) {
		return send(HttpRequest.newBuilder(URI.create(this.base + suffix)).GET());
	}

	/**
	 * Sends a POST with an empty JSON body to the endpoint's path plus the given suffix.
	 */
	public Response post(String suffix) {
		return send(HttpRequest.newBuilder(URI.create(this.base + suffix))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{}")));
	}

	private Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A response: its status and body.
	 *
	 * @param status the HTTP status
	 * @param body the body
	 */
	public record Response(int status, String body) {

		/**
		 * Parses the body as JSON.
		 */
		public DocumentContext json() {
			return JsonPath.parse(this.body);
		}

	}

}
