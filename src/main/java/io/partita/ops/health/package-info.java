/**
 * Health of a manager: its job repository and, with the Kubernetes launcher, its API
 * server and RBAC permissions.
 */
@NullMarked
package io.partita.ops.health;

import org.jspecify.annotations.NullMarked;
