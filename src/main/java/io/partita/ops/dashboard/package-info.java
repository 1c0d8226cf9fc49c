/**
 * The dashboard: a read-only page, served by the manager, that lists job executions and
 * draws the timeline of one execution's partitions from the Actuator endpoint's JSON.
 */
@NullMarked
package io.partita.ops.dashboard;

import org.jspecify.annotations.NullMarked;
