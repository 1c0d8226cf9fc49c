package io.partita.benchmark;

import java.util.Map;
import java.util.TreeMap;

/**
 * Counts of API requests by kind, as the benchmarks read them before and after a run.
 */
final class RequestCounts {

	private RequestCounts() {
	}

	/**
	 * Returns what each count grew by between the two readings, leaving out those that
	 * did not grow.
	 */
	static Map<String, Long> increase(Map<String, Long> after, Map<String, Long> before) {
		Map<String, Long> increase = new TreeMap<>();
		after.forEach((key, count) -> {
			long delta = count - before.getOrDefault(key, 0L);
			if (delta > 0) {
				increase.put(key, delta);
			}
		});
		return increase;
	}

}
