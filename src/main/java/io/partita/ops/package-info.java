/**
 * Operating Partita: the Actuator endpoint and the dashboard.
 */
@NullMarked
package io.partita.ops;

import org.jspecify.annotations.NullMarked;
