/**
 * The worker side of the manager-worker contract: read the contract, run one step
 * execution, exit with its code.
 */
@NullMarked
package io.partita.worker;

import org.jspecify.annotations.NullMarked;
