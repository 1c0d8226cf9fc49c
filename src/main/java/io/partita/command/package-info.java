/**
 * Command-line entry points of a Partita manager, such as restarting a failed job
 * execution.
 */
@NullMarked
package io.partita.command;

import org.jspecify.annotations.NullMarked;
