/**
 * Restart, stop and recovery of job executions on behalf of operators: the command line
 * and the Actuator endpoint.
 */
@NullMarked
package io.partita.recovery;

import org.jspecify.annotations.NullMarked;
