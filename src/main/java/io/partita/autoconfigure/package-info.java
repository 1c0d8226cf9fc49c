/**
 * Spring Boot auto-configuration and configuration properties for Partita.
 */
@NullMarked
package io.partita.autoconfigure;

import org.jspecify.annotations.NullMarked;
