package io.partita.launch.kubernetes;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

import org.springframework.util.DigestUtils;

/**
 * Deterministic Kubernetes names for workers: Job names that are DNS-1123 labels and
 * label values that meet the label-value rules, so a restarted manager computes the same
 * names again.
 */
public final class KubernetesNames {

	/**
	 * Maximum length of a DNS-1123 label and of a label value.
	 */
	public static final int MAX_LENGTH = 63;

	/**
	 * Maximum length of an Indexed Job's name: room for a six-digit index in its pods'
	 * hostnames.
	 */
	public static final int MAX_INDEXED_LENGTH = MAX_LENGTH - 7;

	private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

	private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");

	private static final int HASH_LENGTH = 8;

	private KubernetesNames() {
	}

	/**
	 * Returns the name of the Job of a worker:
	 * {@code <job>-<jobExecutionId>-<stepExecutionId>[-a<attempt>]}, lowercased, as a
	 * DNS-1123 label, cut to 63 characters with a short hash of the full name when
	 * longer.
	 */
	public static String jobName(String jobName, long jobExecutionId, long stepExecutionId, int attempt) {
		return withSuffix(jobName,
				"-" + jobExecutionId + "-" + stepExecutionId + ((attempt > 1) ? "-a" + attempt : ""));
	}

	/**
	 * Returns the name of the Indexed Job of one round of a manager step execution:
	 * {@code <job>-<jobExecutionId>-<managerStepExecutionId>-r<round>}, shaped like
	 * {@link #jobName} but cut to {@value #MAX_INDEXED_LENGTH} characters, so that the
	 * hostname of its pods, {@code <name>-<index>}, stays a DNS-1123 label.
	 */
	public static String roundJobName(String jobName, long jobExecutionId, long managerStepExecutionId, int round) {
		return withSuffix(jobName, "-" + jobExecutionId + "-" + managerStepExecutionId + "-r" + round,
				MAX_INDEXED_LENGTH);
	}

	private static String withSuffix(String jobName, String suffix) {
		return withSuffix(jobName, suffix, MAX_LENGTH);
	}

	private static String withSuffix(String jobName, String suffix, int maxLength) {
		String prefix = dnsLabelCharacters(jobName);
		String full = prefix.isEmpty() ? "job" + suffix : prefix + suffix;
		if (full.length() <= maxLength) {
			return full;
		}
		String hashed = "-" + hash(jobName + suffix) + suffix;
		String cut = trimDashes(prefix.substring(0, Math.max(0, maxLength - hashed.length())));
		return (cut.isEmpty() ? "j" : cut) + hashed;
	}

	/**
	 * Returns a label value for the given text: at most 63 characters of letters, digits,
	 * {@code -}, {@code _} and {@code .}, starting and ending with a letter or digit,
	 * with a short hash when the text had to be cut.
	 */
	public static String labelValue(String text) {
		String cleaned = text.replaceAll("[^A-Za-z0-9_.-]", "-");
		cleaned = cleaned.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
		if (cleaned.length() <= MAX_LENGTH) {
			return cleaned;
		}
		String hash = hash(text);
		String cut = cleaned.substring(0, MAX_LENGTH - HASH_LENGTH - 1).replaceAll("[^A-Za-z0-9]+$", "");
		return cut + "-" + hash;
	}

	/**
	 * Whether the given name is a DNS-1123 label, as the API server requires of a Job
	 * name.
	 */
	public static boolean isDns1123Label(String name) {
		return name.length() <= MAX_LENGTH && DNS_1123_LABEL.matcher(name).matches();
	}

	/**
	 * Whether the given text is a valid label value.
	 */
	public static boolean isLabelValue(String value) {
		return value.length() <= MAX_LENGTH && LABEL_VALUE.matcher(value).matches();
	}

	private static String dnsLabelCharacters(String text) {
		String lower = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("-{2,}", "-");
		return trimDashes(lower);
	}

	private static String trimDashes(String text) {
		return text.replaceAll("^-+", "").replaceAll("-+$", "");
	}

	private static String hash(String text) {
		return DigestUtils.md5DigestAsHex(text.getBytes(StandardCharsets.UTF_8)).substring(0, HASH_LENGTH);
	}

}
