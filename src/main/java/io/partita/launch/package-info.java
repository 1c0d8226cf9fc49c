/**
 * The WorkerLauncher SPI that starts one worker per partition and reports its end.
 */
@NullMarked
package io.partita.launch;

import org.jspecify.annotations.NullMarked;
