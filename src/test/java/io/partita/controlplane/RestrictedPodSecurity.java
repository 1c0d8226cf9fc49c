package io.partita.controlplane;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks {@link KubernetesControlPlane} for a {@link TestNamespace} labelled
 * {@code pod-security.kubernetes.io/enforce=restricted}, where the API server rejects
 * pods that do not meet the restricted Pod Security Standard.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RestrictedPodSecurity {

}
