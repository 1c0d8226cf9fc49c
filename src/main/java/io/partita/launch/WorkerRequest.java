package io.partita.launch;

import io.partita.worker.WorkerContract;

/**
 * What a {@link WorkerLauncher} is asked to start: the contract the worker runs under,
 * and names for people.
 *
 * @param jobName the name of the job
 * @param partitionName the name of the partition's step execution, such as
 * {@code workerStep:partition3}
 * @param contract the variables handed to the worker
 */
public record WorkerRequest(String jobName, String partitionName, WorkerContract contract) {

}
