/**
 * Partitioned step execution: split, launch within a window of workers, follow their
 * events, aggregate.
 */
@NullMarked
package io.partita.partition;

import org.jspecify.annotations.NullMarked;
