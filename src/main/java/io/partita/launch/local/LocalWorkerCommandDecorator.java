package io.partita.launch.local;

import java.util.Map;

/**
 * Changes the command a local worker starts with, such as to start it from a class
 * archive. It is called for each launch, on the launching thread.
 */
@FunctionalInterface
public interface LocalWorkerCommandDecorator {

	/**
	 * Leaves the command as it is.
	 */
	LocalWorkerCommandDecorator NONE = (command, environment) -> command;

	/**
	 * Returns the command the worker starts with.
	 * @param command the command the application's settings give
	 * @param environment what the worker's environment adds to the manager's, without its
	 * contract
	 * @return the command to run
	 */
	LocalWorkerCommand decorate(LocalWorkerCommand command, Map<String, String> environment);

}
