package io.partita.controlplane;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.jspecify.annotations.Nullable;

/**
 * A real Kubernetes control plane — etcd, kube-apiserver and kube-controller-manager with
 * the Job, garbage collector, TTL-after-finished and namespace controllers — started by
 * {@link ControlPlaneScripts}, with an admin {@link KubernetesClient}. There is no
 * scheduler and no kubelet: a {@link NodeAgent} plays both.
 */
public final class ControlPlane implements AutoCloseable {

	/**
	 * Label that makes the Pod Security admission enforce a level in a namespace.
	 */
	public static final String POD_SECURITY_ENFORCE = "pod-security.kubernetes.io/enforce";

	private static final int LOG_TAIL_LINES = 30;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final ControlPlaneScripts scripts;

	private final ExclusiveDirectory workDirectory;

	private final Path kubeconfig;

	private final KubernetesClient client;

	private final String version;

	private ControlPlane(ControlPlaneScripts scripts, ExclusiveDirectory workDirectory, Path kubeconfig,
			KubernetesClient client, String version) {
		this.scripts = scripts;
		this.workDirectory = workDirectory;
		this.kubeconfig = kubeconfig;
		this.client = client;
		this.version = version;
	}

	/**
	 * Builds the binaries unless they are already built, then starts a fresh control
	 * plane.
	 * @param projectDirectory the Maven project directory
	 * @param workDirectory where the control plane keeps (or {@code <workDirectory>-2},
	 * ... when another test run holds it) certificates, etcd data, logs and kubeconfig
	 * @return the running control plane
	 * @throws IllegalStateException if it does not start, with the tail of each
	 * component's log
	 */
	public static ControlPlane start(Path projectDirectory, Path workDirectory) {
		ExclusiveDirectory work = ExclusiveDirectory.acquire(workDirectory.toAbsolutePath());
		ControlPlaneScripts scripts = new ControlPlaneScripts(projectDirectory.resolve("src/test/controlplane"),
				work.path());
		@Nullable KubernetesClient client = null;
		try {
			Path binaries = scripts.build();
			scripts.stop();
			Path kubeconfig = scripts.start(binaries);
			client = new KubernetesClientBuilder().withConfig(config(kubeconfig)).build();
			String version = client.getKubernetesVersion().getGitVersion();
			ControlPlane controlPlane = new ControlPlane(scripts, work, kubeconfig, client, version);
			System.out.println("Kubernetes control plane " + version + " at " + controlPlane.url());
			return controlPlane;
		}
		catch (RuntimeException ex) {
			if (client != null) {
				client.close();
			}
			String tails = scripts.logTails(LOG_TAIL_LINES);
			scripts.stop();
			work.close();
			throw new IllegalStateException("Kubernetes control plane did not start: " + ex.getMessage()
					+ "\nLast lines of its logs:\n" + tails, ex);
		}
	}

	/**
	 * The admin client, shared by every test of the run: do not close it.
	 * @return a client authenticated as a member of {@code system:masters}
	 */
	public KubernetesClient client() {
		return this.client;
	}

	/**
	 * The control plane's work directory (certificates, etcd data, logs), a place for
	 * other test files too.
	 * @return the work directory, {@code target/control-plane} under the extension
	 */
	public Path workDirectory() {
		return this.workDirectory.path();
	}

	/**
	 * The admin kubeconfig, with its certificates embedded.
	 * @return the kubeconfig file
	 */
	public Path kubeconfig() {
		return this.kubeconfig;
	}

	/**
	 * The version the API server reports.
	 * @return the git version, such as {@code v1.35.4}
	 */
	public String version() {
		return this.version;
	}

	/**
	 * The API server's address.
	 * @return an {@code https://127.0.0.1:<port>} URL
	 */
	public String url() {
		String url = this.client.getMasterUrl().toString();
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

	/**
	 * Creates a namespace with a fresh name.
	 * @param baseName start of the name; lowercased and cut to fit
	 * @param podSecurityLevel Pod Security Standard level to enforce ({@code restricted},
	 * {@code baseline}), or {@code null} for none
	 * @return the namespace, deleted when closed
	 */
	public TestNamespace createNamespace(String baseName, @Nullable String podSecurityLevel) {
		Map<String, String> labels = new LinkedHashMap<>();
		if (podSecurityLevel != null) {
			labels.put(POD_SECURITY_ENFORCE, podSecurityLevel);
		}
		Namespace namespace = new NamespaceBuilder().withNewMetadata()
			.withName(uniqueName(baseName))
			.withLabels(labels)
			.endMetadata()
			.build();
		return new TestNamespace(this.client, this.client.resource(namespace).create().getMetadata().getName());
	}

	/**
	 * Opens a client that acts as a ServiceAccount, by impersonation, so tests see what
	 * RBAC grants that account.
	 * @param namespace the ServiceAccount's namespace
	 * @param serviceAccount the ServiceAccount's name (it need not exist)
	 * @return a new client, to be closed by the caller
	 */
	public KubernetesClient impersonating(String namespace, String serviceAccount) {
		Config config = config(this.kubeconfig);
		config.setImpersonateUsername("system:serviceaccount:" + namespace + ":" + serviceAccount);
		config.setImpersonateGroups("system:serviceaccounts", "system:serviceaccounts:" + namespace,
				"system:authenticated");
		return new KubernetesClientBuilder().withConfig(config).build();
	}

	/**
	 * The last lines of each component's log, for diagnosing a failed test.
	 * @return the log tails
	 */
	public String logTails() {
		return this.scripts.logTails(LOG_TAIL_LINES);
	}

	/**
	 * Stops the control plane and closes the admin client.
	 */
	@Override
	public void close() {
		this.client.close();
		this.scripts.stop();
		this.workDirectory.close();
	}

	/**
	 * The client configuration of a kubeconfig this class wrote, for clients in other
	 * JVMs.
	 * @param kubeconfig the kubeconfig, as {@link #kubeconfig()} names it
	 * @return the configuration
	 */
	public static Config config(Path kubeconfig) {
		if (!Files.isRegularFile(kubeconfig)) {
			throw new IllegalStateException("No kubeconfig at " + kubeconfig);
		}
		Config config = Config.fromKubeconfig(kubeconfig.toFile());
		if (isEllipticCurveKey(config.getClientKeyData())) {
			// fabric8 takes a PKCS#8 "BEGIN PRIVATE KEY" for RSA
			// (fabric8io/kubernetes-client#3535)
			config.setClientKeyAlgo("EC");
		}
		return config;
	}

	private static boolean isEllipticCurveKey(@Nullable String keyData) {
		if (keyData == null) {
			return false;
		}
		try {
			String pem = new String(Base64.getDecoder().decode(keyData.trim()), StandardCharsets.US_ASCII);
			String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
			KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
			return true;
		}
		catch (IllegalArgumentException | GeneralSecurityException ex) {
			return false;
		}
	}

	private static String uniqueName(String baseName) {
		String base = baseName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
		base = base.substring(0, Math.min(base.length(), 50));
		StringBuilder suffix = new StringBuilder();
		for (int i = 0; i < 5; i++) {
			suffix.append("bcdfghjklmnpqrstvwxz2456789".charAt(RANDOM.nextInt(27)));
		}
		return (base.isEmpty() ? "test" : base) + "-" + suffix;
	}

}
