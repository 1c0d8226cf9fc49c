package io.partita.autoconfigure;

import io.partita.launch.WorkerLauncher;
import io.partita.launch.kubernetes.KubernetesWorkerLauncher;
import io.partita.launch.local.LocalWorkerLauncher;

import org.springframework.util.ClassUtils;

/**
 * Names a {@link WorkerLauncher} for metrics and the info endpoint: {@code local},
 * {@code kubernetes}, or the simple name of a custom launcher's class.
 */
final class LauncherNames {

	private LauncherNames() {
	}

	static String of(WorkerLauncher launcher) {
		if (launcher instanceof KubernetesWorkerLauncher) {
			return "kubernetes";
		}
		if (launcher instanceof LocalWorkerLauncher) {
			return "local";
		}
		return ClassUtils.getUserClass(launcher).getSimpleName();
	}

}
