/**
 * The embedded default launcher: each worker is a child JVM of the same application.
 */
@NullMarked
package io.partita.launch.local;

import org.jspecify.annotations.NullMarked;
