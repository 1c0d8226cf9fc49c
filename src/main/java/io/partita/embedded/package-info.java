/**
 * The zero-configuration job repository: an H2 database served by the manager to its
 * workers.
 */
@NullMarked
package io.partita.embedded;

import org.jspecify.annotations.NullMarked;
