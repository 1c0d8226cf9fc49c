package io.partita.ops.dashboard;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.partita.it.TestJobsApplication;
import io.partita.test.JobRuns;
import io.partita.test.PostgresSchema;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard end to end, in headless Chromium (Debian's {@code chromium}; install it
 * with {@code bash .ci/chromium}): after a real run on the local launcher with PostgreSQL
 * in which one partition failed its first attempt and completed its second, the timeline
 * shows every partition, and the retried one with a FAILED bar whose tooltip gives the
 * reason, then a COMPLETED bar; the list links to the execution; parameters named like
 * secrets are masked; and the page breaks none of its Content-Security-Policy. Saves a
 * screenshot of the timeline as {@code target/dashboard.png}. Over plain HTTP, every
 * response of the dashboard carries its security headers.
 */
@SpringBootTest(classes = TestJobsApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "partita.local.main-class=io.partita.it.TestJobsApplication",
				"spring.batch.jdbc.initialize-schema=always", "partita.retry.max-attempts=2",
				"partita.retry.initial-interval=100ms", "management.endpoints.web.exposure.include=health,partita" })
class DashboardBrowserTests {

	private static final Duration BROWSER_TIMEOUT = Duration.ofMinutes(2);

	@Autowired
	private JobOperator jobOperator;

	@Autowired
	private JobRepository jobRepository;

	@Autowired
	private Job testJob;

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void jobRepository(DynamicPropertyRegistry registry) {
		PostgresSchema.register(registry);
	}

	@Test
	void timelineShowsEveryPartitionAndEachAttemptOfTheRetriedOne() throws Exception {
		JobExecution execution = JobRuns
			.start(this.jobOperator, this.jobRepository, this.testJob,
					new JobParametersBuilder().addString("partitions", "4")
						.addString("failFirstAttempt", "2")
						.addString("password", "hunter2", false)
						.addString("apiToken", "abc", false)
						.toJobParameters(),
					Duration.ofMinutes(3))
			.get();
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		String page = "http://127.0.0.1:" + this.port + "/partita/#execution=" + execution.getId();

		String dom = chromium("--dump-dom", page);

		assertThat(dom).contains("data-state=\"loaded\"").doesNotContain("id=\"message\">");
		assertThat(dom).contains("testJob #" + execution.getId());
		for (int index = 0; index < 4; index++) {
			assertThat(row(dom, "testStep:partition" + index)).contains("data-status=\"COMPLETED\"");
		}
		String retried = row(dom, "testStep:partition2");
		int failedBar = retried.indexOf("data-attempt=\"1\" data-status=\"FAILED\"");
		int completedBar = retried.indexOf("data-attempt=\"2\" data-status=\"COMPLETED\"");
		assertThat(failedBar).as("FAILED bar of attempt 1 in %s", retried).isNotNegative();
		assertThat(completedBar).as("COMPLETED bar of attempt 2 in %s", retried).isGreaterThan(failedBar);
		assertThat(retried.substring(failedBar, completedBar)).contains("title=\"Attempt 1: FAILED")
			.contains("java.lang.IllegalStateException: Partition 2 failed on its first attempt");
		assertThat(row(dom, "testStep:partition0")).contains("data-attempt=\"1\" data-status=\"COMPLETED\"")
			.doesNotContain("data-attempt=\"2\"");

		String list = chromium("--dump-dom", "http://127.0.0.1:" + this.port + "/partita/");
		assertThat(list).contains("data-state=\"loaded\"")
			.contains("class=\"execution\" data-id=\"" + execution.getId() + "\"")
			.contains("href=\"#execution=" + execution.getId() + "\"");
		int cell = list.indexOf("class=\"parameters\">");
		assertThat(cell).as("Parameters cell in %s", list).isNotNegative();
		assertThat(list.substring(cell, list.indexOf("</td>", cell))).contains("password=******")
			.contains("apiToken=******")
			.contains("partitions=4");
		assertThat(list + dom).doesNotContain("hunter2").doesNotContain("=abc");

		Path screenshot = Path.of("target", "dashboard.png").toAbsolutePath();
		Files.deleteIfExists(screenshot);
		chromium("--screenshot=" + screenshot, "--window-size=1280,800", page);
		assertThat(screenshot).exists();
		assertThat(Files.size(screenshot)).isPositive();
	}

	@Test
	void everyResponseOfTheDashboardCarriesSecurityHeaders() throws Exception {
		HttpClient client = HttpClient.newHttpClient();
		for (String path : List.of("/partita", "/partita/", "/partita/index.html", "/partita/dashboard.js",
				"/partita/dashboard.css", "/partita/endpoint.json")) {
			HttpResponse<String> response = client.send(
					HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(path).isIn(200, 302);
			HttpHeaders headers = response.headers();
			assertThat(headers.allValues("Content-Security-Policy")).as(path)
				.containsExactly("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
						+ "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
			assertThat(headers.allValues("X-Content-Type-Options")).as(path).containsExactly("nosniff");
			assertThat(headers.allValues("X-Frame-Options")).as(path).containsExactly("DENY");
		}
	}

	/**
	 * Returns the timeline row of the given partition, as dumped.
	 */
	private static String row(String dom, String partition) {
		int start = dom.indexOf("data-name=\"" + partition + "\"");
		assertThat(start).as("timeline row of %s in %s", partition, dom).isNotNegative();
		int end = dom.indexOf("class=\"partition\"", start);
		return dom.substring(start, (end < 0) ? dom.length() : end);
	}

	/**
	 * Runs headless Chromium on the page with the given arguments, after the page's
	 * requests are done, checks that it reported no violation of the page's
	 * Content-Security-Policy, and returns what it printed.
	 */
	private static String chromium(String... arguments) throws IOException, InterruptedException {
		Path profile = Files.createTempDirectory(Path.of("target"), "chromium-profile");
		List<String> command = new ArrayList<>(List.of(chromiumExecutable(), "--headless", "--no-sandbox",
				"--disable-gpu", "--disable-background-networking", "--user-data-dir=" + profile.toAbsolutePath(),
				"--enable-logging=stderr", "--v=0", "--virtual-time-budget=10000"));
		command.addAll(List.of(arguments));
		Path log = profile.resolve("chromium.log");
		Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
		byte[] output = process.getInputStream().readAllBytes();
		if (!process.waitFor(BROWSER_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new AssertionError("Chromium did not finish within " + BROWSER_TIMEOUT + "; see " + log);
		}
		assertThat(process.exitValue()).as("Chromium's exit code; see %s", log).isZero();
		assertThat(Files.readString(log)).as("Chromium's console; see %s", log)
			.doesNotContain("Content Security Policy");
		return new String(output, StandardCharsets.UTF_8);
	}

	private static String chromiumExecutable() {
		for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			Path candidate = Path.of(directory, "chromium");
			if (Files.isExecutable(candidate)) {
				return candidate.toString();
			}
		}
		throw new AssertionError("The dashboard's end-to-end test needs Debian's Chromium, which is not on the PATH. "
				+ "Install it with: bash .ci/chromium (apt-get install -y chromium).");
	}

}
