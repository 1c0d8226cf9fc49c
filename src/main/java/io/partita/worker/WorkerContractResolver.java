package io.partita.worker;

/**
 * Supplies the {@link WorkerContract} of this process, usually read from its environment.
 */
@FunctionalInterface
public interface WorkerContractResolver {

	/**
	 * Returns the contract this worker runs under.
	 * @throws WorkerContractException when a variable is missing or malformed
	 */
	WorkerContract resolve();

}
