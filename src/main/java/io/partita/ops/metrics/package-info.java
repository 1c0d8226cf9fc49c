/**
 * Micrometer metrics of the manager's partitions and workers.
 */
@NullMarked
package io.partita.ops.metrics;

import org.jspecify.annotations.NullMarked;
