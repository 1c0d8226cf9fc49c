/**
 * Class-data sharing for local workers: a training run records the classes a worker loads
 * into an archive of the JVM's (a dynamic CDS archive, or from Java 25 an AOT cache), and
 * every later worker of the same class path and JVM starts from it.
 */
@NullMarked
package io.partita.launch.local.cds;

import org.jspecify.annotations.NullMarked;
