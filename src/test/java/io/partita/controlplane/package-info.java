/**
 * A real Kubernetes control plane for tests, with a node agent that plays kubelet and
 * scheduler by running pods as local processes.
 */
@NullMarked
package io.partita.controlplane;

import org.jspecify.annotations.NullMarked;
