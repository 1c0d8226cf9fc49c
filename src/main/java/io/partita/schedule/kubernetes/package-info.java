/**
 * Leader election among manager replicas on a Kubernetes Lease.
 */
@NullMarked
package io.partita.schedule.kubernetes;

import org.jspecify.annotations.NullMarked;
