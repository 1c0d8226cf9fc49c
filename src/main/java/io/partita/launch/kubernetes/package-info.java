/**
 * The Kubernetes launcher: each worker is a batch/v1 Job, tracked by informers, with pod
 * diagnostics and cleanup.
 */
@NullMarked
package io.partita.launch.kubernetes;

import org.jspecify.annotations.NullMarked;
