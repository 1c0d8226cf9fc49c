package io.partita.launch.kubernetes;

import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

/**
 * A {@link WorkerJobDecorator} that makes the worker pod meet the "restricted" Pod
 * Security Standard: non-root, no privilege escalation, all capabilities dropped, the
 * RuntimeDefault seccomp profile and a read-only root filesystem, with a writable
 * emptyDir volume at {@value #TMP_PATH} for the JVM's temporary files.
 */
final class RestrictedSecurityDecorator implements WorkerJobDecorator {

	static final String TMP_VOLUME = "tmp";

	static final String TMP_PATH = "/tmp";

	@Override
	public Job decorate(Job job, WorkerJobParameters parameters) {
		if (!parameters.settings().isRestrictedSecurityContext()) {
			return job;
		}
		return WorkerContainers.editPodSpec(job, (spec) -> {
			PodSpec current = spec.build();
			PodSecurityContextBuilder podSecurity = (current.getSecurityContext() != null)
					? new PodSecurityContextBuilder(current.getSecurityContext()) : new PodSecurityContextBuilder();
			spec.withSecurityContext(podSecurity.withRunAsNonRoot(true)
				.withNewSeccompProfile()
				.withType("RuntimeDefault")
				.endSeccompProfile()
				.build());
			spec.withContainers(restricted(current.getContainers(), true));
			spec.withInitContainers(restricted(current.getInitContainers(), false));
			if (current.getVolumes() == null
					|| current.getVolumes().stream().noneMatch((volume) -> TMP_VOLUME.equals(volume.getName()))) {
				spec.addToVolumes(new VolumeBuilder().withName(TMP_VOLUME).withNewEmptyDir().endEmptyDir().build());
			}
			return spec;
		});
	}

	private static List<Container> restricted(List<Container> containers, boolean mountTmp) {
		List<Container> restricted = new ArrayList<>();
		if (containers == null) {
			return restricted;
		}
		for (Container container : containers) {
			ContainerBuilder builder = new ContainerBuilder(container).withSecurityContext(securityContext(container));
			boolean hasTmp = container.getVolumeMounts() != null
					&& container.getVolumeMounts().stream().anyMatch((mount) -> TMP_PATH.equals(mount.getMountPath()));
			if (mountTmp && !hasTmp) {
				builder
					.addToVolumeMounts(new VolumeMountBuilder().withName(TMP_VOLUME).withMountPath(TMP_PATH).build());
			}
			restricted.add(builder.build());
		}
		return restricted;
	}

	private static SecurityContext securityContext(Container container) {
		SecurityContextBuilder context = (container.getSecurityContext() != null)
				? new SecurityContextBuilder(container.getSecurityContext()) : new SecurityContextBuilder();
		return context.withRunAsNonRoot(true)
			.withAllowPrivilegeEscalation(false)
			.withPrivileged(false)
			.withReadOnlyRootFilesystem(true)
			.withNewCapabilities()
			.withDrop("ALL")
			.endCapabilities()
			.withNewSeccompProfile()
			.withType("RuntimeDefault")
			.endSeccompProfile()
			.build();
	}

}
