package io.partita.partition;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.TransactionException;

/**
 * Tells a job repository that cannot be reached for a while (its database restarting, the
 * network to it down) from other failures: the manager waits such an outage out, since
 * its workers keep running and record their steps once it is over.
 */
final class JobRepositoryOutage {

	private JobRepositoryOutage() {
	}

	static boolean isOutage(Throwable failure) {
		return failure instanceof DataAccessResourceFailureException || failure instanceof TransientDataAccessException
				|| failure instanceof RecoverableDataAccessException || failure instanceof TransactionException;
	}

	static String describe(Throwable failure) {
		return String.valueOf(NestedExceptionUtils.getMostSpecificCause(failure).getMessage());
	}

}
