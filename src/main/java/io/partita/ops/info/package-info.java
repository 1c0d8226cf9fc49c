/**
 * What the Actuator info endpoint tells about Partita.
 */
@NullMarked
package io.partita.ops.info;

import org.jspecify.annotations.NullMarked;
