/**
 * Scheduled runs: cron schedules that start a new job instance on each fire, with a
 * concurrency policy, fired only by the leader among the manager's replicas.
 */
@NullMarked
package io.partita.schedule;

import org.jspecify.annotations.NullMarked;
