/**
 * Small helpers shared by several capabilities, such as files only their owner may read.
 */
@NullMarked
package io.partita.support;

import org.jspecify.annotations.NullMarked;
