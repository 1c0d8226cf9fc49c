package io.partita.launch;

/**
 * A worker launched by an earlier manager that is still alive, found again by the labels
 * (Kubernetes) or arguments (local processes) it was launched with.
 *
 * @param jobExecutionId the job execution the worker belongs to
 * @param stepExecutionId the step execution the worker runs
 * @param attempt the attempt the worker is
 * @param worker the worker, whose exit completes when it ends
 */
public record LiveWorker(long jobExecutionId, long stepExecutionId, int attempt, Worker worker) {

}
