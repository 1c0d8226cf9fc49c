package io.partita.controlplane;

import java.nio.file.Files;
import java.nio.file.Path;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit Jupiter extension that starts one real Kubernetes {@link ControlPlane} for the
 * whole test run (stopped when the run ends) and resolves parameters of type
 * {@link ControlPlane}, {@link KubernetesClient} (the shared admin client) and
 * {@link TestNamespace} (one fresh namespace per test class, or a second one enforcing
 * the restricted Pod Security Standard when the parameter is annotated
 * {@link RestrictedPodSecurity}).
 *
 * <pre class="code">
 * &#064;ExtendWith(KubernetesControlPlane.class)
 * class WorkerJobTests {
 *
 * 	&#064;Test
 * 	void jobCompletes(KubernetesClient client, TestNamespace namespace) { ... }
 *
 * }
 * </pre>
 */
public class KubernetesControlPlane implements BeforeAllCallback, ParameterResolver {

	private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace
		.create(KubernetesControlPlane.class);

	private static final String SCRIPTS = "src/test/controlplane";

	@Override
	public void beforeAll(ExtensionContext context) {
		ControlPlane controlPlane = controlPlane(context);
		context.publishReportEntry("kubernetes.version", controlPlane.version());
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		Class<?> type = parameterContext.getParameter().getType();
		return type == ControlPlane.class || type == KubernetesClient.class || type == TestNamespace.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		Class<?> type = parameterContext.getParameter().getType();
		ControlPlane controlPlane = controlPlane(extensionContext);
		if (type == KubernetesClient.class) {
			return controlPlane.client();
		}
		if (type == TestNamespace.class) {
			return namespace(controlPlane, extensionContext,
					parameterContext.isAnnotated(RestrictedPodSecurity.class) ? "restricted" : null);
		}
		return controlPlane;
	}

	/**
	 * The control plane of this test run, started on first use.
	 * @param context any extension context of the run
	 * @return the running control plane
	 */
	public static ControlPlane controlPlane(ExtensionContext context) {
		return context.getRoot()
			.getStore(STORE)
			.computeIfAbsent(ControlPlane.class,
					(key) -> ControlPlane.start(projectDirectory(), projectDirectory().resolve("target/control-plane")),
					ControlPlane.class);
	}

	private static TestNamespace namespace(ControlPlane controlPlane, ExtensionContext context,
			@Nullable String podSecurityLevel) {
		ExtensionContext classContext = classContext(context);
		String baseName = classContext.getRequiredTestClass().getSimpleName()
				+ ((podSecurityLevel != null) ? "-" + podSecurityLevel : "");
		return classContext.getStore(STORE)
			.computeIfAbsent("namespace-" + ((podSecurityLevel != null) ? podSecurityLevel : "plain"),
					(key) -> controlPlane.createNamespace(baseName, podSecurityLevel), TestNamespace.class);
	}

	private static ExtensionContext classContext(ExtensionContext context) {
		ExtensionContext current = context;
		while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
			current = current.getParent().get();
		}
		return current;
	}

	private static Path projectDirectory() {
		String basedir = System.getProperty("basedir");
		Path directory = ((basedir != null) ? Path.of(basedir) : Path.of("")).toAbsolutePath();
		for (Path candidate = directory; candidate != null; candidate = candidate.getParent()) {
			if (Files.isRegularFile(candidate.resolve(SCRIPTS).resolve("start-control-plane.sh"))) {
				return candidate;
			}
		}
		throw new IllegalStateException("No " + SCRIPTS + " above " + directory);
	}

}
