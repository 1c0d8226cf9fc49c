/**
 * The bundled sample: the ledger import job.
 */
@NullMarked
package io.partita.sample;

import org.jspecify.annotations.NullMarked;
