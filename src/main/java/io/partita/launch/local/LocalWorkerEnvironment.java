package io.partita.launch.local;

import java.util.Map;

/**
 * Contributes environment variables to every local worker, such as the connection to the
 * manager's job repository.
 */
@FunctionalInterface
public interface LocalWorkerEnvironment {

	Map<String, String> environment();

}
