/**
 * Implementations of the partition package's contracts.
 */
@NullMarked
package io.partita.partition.support;

import org.jspecify.annotations.NullMarked;
