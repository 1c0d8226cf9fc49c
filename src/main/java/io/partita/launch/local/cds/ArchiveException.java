package io.partita.launch.local.cds;

/**
 * Why the workers cannot start from a class archive this time, in words for the log.
 */
class ArchiveException extends Exception {

	private static final long serialVersionUID = 1L;

	ArchiveException(String message) {
		super(message);
	}

}
