/**
 * Partita: runs the partitions of Spring Batch steps as separate workers, local processes
 * or Kubernetes Jobs.
 */
@NullMarked
package io.partita;

import org.jspecify.annotations.NullMarked;
