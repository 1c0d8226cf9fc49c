/**
 * End-to-end tests of the Kubernetes launcher on a real control plane, with worker pods
 * running real worker code against a PostgreSQL job repository.
 */
@NullMarked
package io.partita.kubernetes;

import org.jspecify.annotations.NullMarked;
