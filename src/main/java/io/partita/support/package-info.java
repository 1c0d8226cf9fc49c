/**
 * Small helpers shared by several capabilities: files only their owner may read, and
 * which names look like secrets.
 */
@NullMarked
package io.partita.support;

import org.jspecify.annotations.NullMarked;
