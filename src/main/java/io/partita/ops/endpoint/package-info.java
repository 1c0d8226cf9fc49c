/**
 * The Actuator endpoint {@code partita}: job executions, their partitions and attempts,
 * and (when enabled) restart, stop and recover.
 */
@NullMarked
package io.partita.ops.endpoint;

import org.jspecify.annotations.NullMarked;
