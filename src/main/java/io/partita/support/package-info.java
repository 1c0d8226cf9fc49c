/**
 * Small helpers shared by Partita's features that need neither Actuator nor Kubernetes.
 */
@NullMarked
package io.partita.support;

import org.jspecify.annotations.NullMarked;
