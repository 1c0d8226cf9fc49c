package io.partita.launch.kubernetes;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Settings of the worker Jobs that a {@link KubernetesWorkerLauncher} creates, bound
 * globally and per worker step; {@link #merge(KubernetesWorkerSettings)} lays a step's
 * settings over the global ones.
 * <p>
 * Each setter records that its property was set, so a step's settings override only what
 * the step sets: a step that leaves {@code backoff-limit} alone keeps the global value,
 * not this class's default.
 */
public class KubernetesWorkerSettings {

	private final Set<String> assigned = new HashSet<>();

	/**
	 * How partitions map to Jobs: a Job per partition (job), or one Indexed Job per
	 * manager step execution and round of attempts (indexed, Kubernetes 1.33 or later).
	 */
	private KubernetesMode mode = KubernetesMode.JOB;

	/**
	 * Namespace in which worker Jobs are created. By default the namespace of the
	 * Kubernetes client, which inside a cluster is the manager pod's own. Only the global
	 * setting is used.
	 */
	private @Nullable String namespace;

	/**
	 * Maximum number of Job creates and deletes the manager sends to the API server at
	 * once, for every worker step; the others wait, deletes first. Only the global
	 * setting is used.
	 */
	private int concurrentRequests = 32;

	/**
	 * Container image of the workers. By default the image of the manager's own pod.
	 */
	private @Nullable String image;

	/**
	 * Image pull policy of the worker container: Always, IfNotPresent or Never.
	 */
	private @Nullable String imagePullPolicy;

	/**
	 * Comma-separated list of Secrets used to pull the worker image.
	 */
	private List<String> imagePullSecrets = new ArrayList<>();

	/**
	 * Service account the worker pods run as. By default the namespace's default service
	 * account.
	 */
	private @Nullable String serviceAccountName;

	/**
	 * Environment variables of the worker container, by name: each a plain value or a
	 * reference to a key of a Secret or a ConfigMap. Merged with the global ones per
	 * variable.
	 */
	private Map<String, EnvVariable> env = new LinkedHashMap<>();

	/**
	 * Comma-separated list of Secrets whose keys all become environment variables of the
	 * worker container.
	 */
	private List<String> envFromSecrets = new ArrayList<>();

	/**
	 * Comma-separated list of ConfigMaps whose keys all become environment variables of
	 * the worker container.
	 */
	private List<String> envFromConfigMaps = new ArrayList<>();

	private final Resources resources = new Resources();

	/**
	 * Node labels a worker pod's node must carry.
	 */
	private Map<String, String> nodeSelector = new LinkedHashMap<>();

	/**
	 * Tolerations of the worker pods.
	 */
	private List<Toleration> tolerations = new ArrayList<>();

	/**
	 * Extra labels of worker Jobs and their pods. Partita's own labels cannot be
	 * overridden.
	 */
	private Map<String, String> labels = new LinkedHashMap<>();

	/**
	 * Extra annotations of worker Jobs and their pods.
	 */
	private Map<String, String> annotations = new LinkedHashMap<>();

	/**
	 * Number of pod failures Kubernetes retries before it fails a worker Job (in indexed
	 * mode: an index, as backoffLimitPerIndex). Partita retries failed partitions itself,
	 * as a new Job.
	 */
	private int backoffLimit = 0;

	/**
	 * In indexed mode, how many indexes (partitions) of one Indexed Job may fail before
	 * Kubernetes ends the Job and the manager step fails without further retries. No
	 * limit when not set.
	 */
	private @Nullable Integer maxFailedIndexes;

	private final PodFailurePolicy podFailurePolicy = new PodFailurePolicy();

	/**
	 * How long a worker Job may be active before Kubernetes fails it (DeadlineExceeded).
	 * No limit when not set.
	 */
	private @Nullable Duration activeDeadline;

	/**
	 * How long Kubernetes keeps a finished worker Job before it deletes it, as a backstop
	 * to the cleanup policy.
	 */
	private Duration ttlAfterFinished = Duration.ofHours(1);

	/**
	 * Which finished worker Jobs the manager deletes.
	 */
	private CleanupPolicy cleanupPolicy = CleanupPolicy.ON_SUCCESS;

	/**
	 * Kueue local queue the worker Jobs are submitted to. A Job suspended by Kueue is
	 * waiting, not failing.
	 */
	private @Nullable String queueName;

	/**
	 * YAML file holding a PodTemplateSpec, a PodTemplate or a Pod used as the base of the
	 * worker pods, for anything these settings do not map.
	 */
	private @Nullable Path podTemplateFile;

	/**
	 * Whether to give worker pods a security context that meets the "restricted" Pod
	 * Security Standard, with a read-only root filesystem and a writable emptyDir volume
	 * at /tmp.
	 */
	private boolean restrictedSecurityContext = true;

	/**
	 * Number of lines at the end of a failed worker pod's log copied into its partition's
	 * exit description.
	 */
	private int logTailLines = 20;

	public KubernetesMode getMode() {
		return this.mode;
	}

	public void setMode(KubernetesMode mode) {
		this.mode = assigned("mode", mode);
	}

	public @Nullable Integer getMaxFailedIndexes() {
		return this.maxFailedIndexes;
	}

	public void setMaxFailedIndexes(@Nullable Integer maxFailedIndexes) {
		this.maxFailedIndexes = assigned("maxFailedIndexes", maxFailedIndexes);
	}

	public @Nullable String getNamespace() {
		return this.namespace;
	}

	public void setNamespace(@Nullable String namespace) {
		this.namespace = assigned("namespace", namespace);
	}

	public int getConcurrentRequests() {
		return this.concurrentRequests;
	}

	public void setConcurrentRequests(int concurrentRequests) {
		this.concurrentRequests = assigned("concurrentRequests", concurrentRequests);
	}

	public @Nullable String getImage() {
		return this.image;
	}

	public void setImage(@Nullable String image) {
		this.image = assigned("image", image);
	}

	public @Nullable String getImagePullPolicy() {
		return this.imagePullPolicy;
	}

	public void setImagePullPolicy(@Nullable String imagePullPolicy) {
		this.imagePullPolicy = assigned("imagePullPolicy", imagePullPolicy);
	}

	public List<String> getImagePullSecrets() {
		return this.imagePullSecrets;
	}

	public void setImagePullSecrets(List<String> imagePullSecrets) {
		this.imagePullSecrets = assigned("imagePullSecrets", imagePullSecrets);
	}

	public @Nullable String getServiceAccountName() {
		return this.serviceAccountName;
	}

	public void setServiceAccountName(@Nullable String serviceAccountName) {
		this.serviceAccountName = assigned("serviceAccountName", serviceAccountName);
	}

	public Map<String, EnvVariable> getEnv() {
		return this.env;
	}

	public void setEnv(Map<String, EnvVariable> env) {
		this.env = env;
	}

	public List<String> getEnvFromSecrets() {
		return this.envFromSecrets;
	}

	public void setEnvFromSecrets(List<String> envFromSecrets) {
		this.envFromSecrets = assigned("envFromSecrets", envFromSecrets);
	}

	public List<String> getEnvFromConfigMaps() {
		return this.envFromConfigMaps;
	}

	public void setEnvFromConfigMaps(List<String> envFromConfigMaps) {
		this.envFromConfigMaps = assigned("envFromConfigMaps", envFromConfigMaps);
	}

	public Resources getResources() {
		return this.resources;
	}

	public Map<String, String> getNodeSelector() {
		return this.nodeSelector;
	}

	public void setNodeSelector(Map<String, String> nodeSelector) {
		this.nodeSelector = nodeSelector;
	}

	public List<Toleration> getTolerations() {
		return this.tolerations;
	}

	public void setTolerations(List<Toleration> tolerations) {
		this.tolerations = assigned("tolerations", tolerations);
	}

	public Map<String, String> getLabels() {
		return this.labels;
	}

	public void setLabels(Map<String, String> labels) {
		this.labels = labels;
	}

	public Map<String, String> getAnnotations() {
		return this.annotations;
	}

	public void setAnnotations(Map<String, String> annotations) {
		this.annotations = annotations;
	}

	public int getBackoffLimit() {
		return this.backoffLimit;
	}

	public void setBackoffLimit(int backoffLimit) {
		this.backoffLimit = assigned("backoffLimit", backoffLimit);
	}

	public PodFailurePolicy getPodFailurePolicy() {
		return this.podFailurePolicy;
	}

	public @Nullable Duration getActiveDeadline() {
		return this.activeDeadline;
	}

	public void setActiveDeadline(@Nullable Duration activeDeadline) {
		this.activeDeadline = assigned("activeDeadline", activeDeadline);
	}

	public Duration getTtlAfterFinished() {
		return this.ttlAfterFinished;
	}

	public void setTtlAfterFinished(Duration ttlAfterFinished) {
		this.ttlAfterFinished = assigned("ttlAfterFinished", ttlAfterFinished);
	}

	public CleanupPolicy getCleanupPolicy() {
		return this.cleanupPolicy;
	}

	public void setCleanupPolicy(CleanupPolicy cleanupPolicy) {
		this.cleanupPolicy = assigned("cleanupPolicy", cleanupPolicy);
	}

	public @Nullable String getQueueName() {
		return this.queueName;
	}

	public void setQueueName(@Nullable String queueName) {
		this.queueName = assigned("queueName", queueName);
	}

	public @Nullable Path getPodTemplateFile() {
		return this.podTemplateFile;
	}

	public void setPodTemplateFile(@Nullable Path podTemplateFile) {
		this.podTemplateFile = assigned("podTemplateFile", podTemplateFile);
	}

	public boolean isRestrictedSecurityContext() {
		return this.restrictedSecurityContext;
	}

	public void setRestrictedSecurityContext(boolean restrictedSecurityContext) {
		this.restrictedSecurityContext = assigned("restrictedSecurityContext", restrictedSecurityContext);
	}

	public int getLogTailLines() {
		return this.logTailLines;
	}

	public void setLogTailLines(int logTailLines) {
		this.logTailLines = assigned("logTailLines", logTailLines);
	}

	/**
	 * Returns new settings: these, overridden by every property the given step settings
	 * set. Maps (env, labels, annotations, node selector, resources) are merged entry by
	 * entry, the step's entries winning; lists are replaced. The namespace and the
	 * concurrent requests are always this one's.
	 * @param stepOverride the settings of one worker step, or {@code null} when it has
	 * none
	 */
	public KubernetesWorkerSettings merge(@Nullable KubernetesWorkerSettings stepOverride) {
		KubernetesWorkerSettings o = (stepOverride != null) ? stepOverride : new KubernetesWorkerSettings();
		KubernetesWorkerSettings merged = new KubernetesWorkerSettings();
		merged.assigned.addAll(this.assigned);
		merged.assigned.addAll(o.assigned);
		merged.namespace = this.namespace;
		merged.concurrentRequests = this.concurrentRequests;
		merged.image = o.pick("image", o.image, this.image);
		merged.imagePullPolicy = o.pick("imagePullPolicy", o.imagePullPolicy, this.imagePullPolicy);
		merged.imagePullSecrets = new ArrayList<>(
				o.pick("imagePullSecrets", o.imagePullSecrets, this.imagePullSecrets));
		merged.serviceAccountName = o.pick("serviceAccountName", o.serviceAccountName, this.serviceAccountName);
		merged.env = merge(this.env, o.env);
		merged.envFromSecrets = new ArrayList<>(o.pick("envFromSecrets", o.envFromSecrets, this.envFromSecrets));
		merged.envFromConfigMaps = new ArrayList<>(
				o.pick("envFromConfigMaps", o.envFromConfigMaps, this.envFromConfigMaps));
		merged.resources.setRequests(merge(this.resources.requests, o.resources.requests));
		merged.resources.setLimits(merge(this.resources.limits, o.resources.limits));
		merged.nodeSelector = merge(this.nodeSelector, o.nodeSelector);
		merged.tolerations = new ArrayList<>(o.pick("tolerations", o.tolerations, this.tolerations));
		merged.labels = merge(this.labels, o.labels);
		merged.annotations = merge(this.annotations, o.annotations);
		merged.backoffLimit = o.pick("backoffLimit", o.backoffLimit, this.backoffLimit);
		merged.mode = o.pick("mode", o.mode, this.mode);
		merged.maxFailedIndexes = o.pick("maxFailedIndexes", o.maxFailedIndexes, this.maxFailedIndexes);
		this.podFailurePolicy.mergeInto(merged.podFailurePolicy, o.podFailurePolicy);
		merged.activeDeadline = o.pick("activeDeadline", o.activeDeadline, this.activeDeadline);
		merged.ttlAfterFinished = o.pick("ttlAfterFinished", o.ttlAfterFinished, this.ttlAfterFinished);
		merged.cleanupPolicy = o.pick("cleanupPolicy", o.cleanupPolicy, this.cleanupPolicy);
		merged.queueName = o.pick("queueName", o.queueName, this.queueName);
		merged.podTemplateFile = o.pick("podTemplateFile", o.podTemplateFile, this.podTemplateFile);
		merged.restrictedSecurityContext = o.pick("restrictedSecurityContext", o.restrictedSecurityContext,
				this.restrictedSecurityContext);
		merged.logTailLines = o.pick("logTailLines", o.logTailLines, this.logTailLines);
		return merged;
	}

	private <T> T assigned(String property, T value) {
		this.assigned.add(property);
		return value;
	}

	private <T> T pick(String property, @Nullable T overriding, T base) {
		return (this.assigned.contains(property) && overriding != null) ? overriding : base;
	}

	private static <V> Map<String, V> merge(Map<String, V> base, Map<String, V> overriding) {
		Map<String, V> merged = new LinkedHashMap<>(base);
		merged.putAll(overriding);
		return merged;
	}

	/**
	 * One environment variable of the worker container: a plain value or a reference to a
	 * key of a Secret or a ConfigMap. Secrets are passed by reference only, never copied
	 * into the Job.
	 */
	public static class EnvVariable {

		/**
		 * Plain value of the variable. Use secret-key-ref for anything confidential.
		 */
		private @Nullable String value;

		private final KeyReference secretKeyRef = new KeyReference();

		private final KeyReference configMapKeyRef = new KeyReference();

		public @Nullable String getValue() {
			return this.value;
		}

		public void setValue(@Nullable String value) {
			this.value = value;
		}

		/**
		 * Key of a Secret holding the value.
		 */
		public KeyReference getSecretKeyRef() {
			return this.secretKeyRef;
		}

		/**
		 * Key of a ConfigMap holding the value.
		 */
		public KeyReference getConfigMapKeyRef() {
			return this.configMapKeyRef;
		}

		/**
		 * A plain value.
		 */
		public static EnvVariable of(String value) {
			EnvVariable variable = new EnvVariable();
			variable.setValue(value);
			return variable;
		}

		/**
		 * A reference to a key of a Secret.
		 */
		public static EnvVariable fromSecret(String name, String key) {
			EnvVariable variable = new EnvVariable();
			variable.secretKeyRef.setName(name);
			variable.secretKeyRef.setKey(key);
			return variable;
		}

		/**
		 * A reference to a key of a ConfigMap.
		 */
		public static EnvVariable fromConfigMap(String name, String key) {
			EnvVariable variable = new EnvVariable();
			variable.configMapKeyRef.setName(name);
			variable.configMapKeyRef.setKey(key);
			return variable;
		}

	}

	/**
	 * A key of a Secret or a ConfigMap.
	 */
	public static class KeyReference {

		/**
		 * Name of the Secret or ConfigMap.
		 */
		private @Nullable String name;

		/**
		 * Key within the Secret or ConfigMap.
		 */
		private @Nullable String key;

		/**
		 * Whether the variable may be left unset when the Secret, ConfigMap or key does
		 * not exist.
		 */
		private boolean optional;

		public @Nullable String getName() {
			return this.name;
		}

		public void setName(@Nullable String name) {
			this.name = name;
		}

		public @Nullable String getKey() {
			return this.key;
		}

		public void setKey(@Nullable String key) {
			this.key = key;
		}

		public boolean isOptional() {
			return this.optional;
		}

		public void setOptional(boolean optional) {
			this.optional = optional;
		}

		boolean hasNameAndKey() {
			return this.name != null && this.key != null;
		}

	}

	/**
	 * Compute resources of the worker container.
	 */
	public static class Resources {

		/**
		 * Resources the worker container requests, such as cpu=500m, memory=512Mi.
		 */
		private Map<String, String> requests = new LinkedHashMap<>();

		/**
		 * Resources the worker container may use at most, such as memory=512Mi.
		 */
		private Map<String, String> limits = new LinkedHashMap<>();

		public Map<String, String> getRequests() {
			return this.requests;
		}

		public void setRequests(Map<String, String> requests) {
			this.requests = requests;
		}

		public Map<String, String> getLimits() {
			return this.limits;
		}

		public void setLimits(Map<String, String> limits) {
			this.limits = limits;
		}

	}

	/**
	 * A toleration of the worker pods.
	 */
	public static class Toleration {

		/**
		 * Taint key the toleration applies to. All keys when not set (with operator
		 * Exists).
		 */
		private @Nullable String key;

		/**
		 * Relation of key and value: Equal or Exists.
		 */
		private String operator = "Equal";

		/**
		 * Taint value the toleration matches.
		 */
		private @Nullable String value;

		/**
		 * Taint effect to match: NoSchedule, PreferNoSchedule or NoExecute. All effects
		 * when not set.
		 */
		private @Nullable String effect;

		/**
		 * How long a pod tolerates a NoExecute taint before it is evicted. Forever when
		 * not set.
		 */
		private @Nullable Duration tolerationPeriod;

		public @Nullable String getKey() {
			return this.key;
		}

		public void setKey(@Nullable String key) {
			this.key = key;
		}

		public String getOperator() {
			return this.operator;
		}

		public void setOperator(String operator) {
			this.operator = operator;
		}

		public @Nullable String getValue() {
			return this.value;
		}

		public void setValue(@Nullable String value) {
			this.value = value;
		}

		public @Nullable String getEffect() {
			return this.effect;
		}

		public void setEffect(@Nullable String effect) {
			this.effect = effect;
		}

		public @Nullable Duration getTolerationPeriod() {
			return this.tolerationPeriod;
		}

		public void setTolerationPeriod(@Nullable Duration tolerationPeriod) {
			this.tolerationPeriod = tolerationPeriod;
		}

	}

	/**
	 * The Job's pod failure policy: which pod failures fail the Job at once and which are
	 * not counted.
	 */
	public static class PodFailurePolicy {

		private final Set<String> assigned = new HashSet<>();

		/**
		 * Whether worker Jobs carry a pod failure policy.
		 */
		private boolean enabled = true;

		/**
		 * Comma-separated list of worker exit codes that fail the Job at once, without a
		 * Kubernetes retry: by default the contract's "not retryable" and "misconfigured"
		 * codes.
		 */
		private List<Integer> failJobOnExitCodes = new ArrayList<>(List.of(2, 3));

		/**
		 * Whether pod failures caused by disruptions (eviction, preemption, node drain)
		 * are not counted against the backoff limit, so Kubernetes starts the pod again.
		 */
		private boolean ignoreDisruptions = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.assigned.add("enabled");
			this.enabled = enabled;
		}

		public List<Integer> getFailJobOnExitCodes() {
			return this.failJobOnExitCodes;
		}

		public void setFailJobOnExitCodes(List<Integer> failJobOnExitCodes) {
			this.assigned.add("failJobOnExitCodes");
			this.failJobOnExitCodes = failJobOnExitCodes;
		}

		public boolean isIgnoreDisruptions() {
			return this.ignoreDisruptions;
		}

		public void setIgnoreDisruptions(boolean ignoreDisruptions) {
			this.assigned.add("ignoreDisruptions");
			this.ignoreDisruptions = ignoreDisruptions;
		}

		void mergeInto(PodFailurePolicy merged, PodFailurePolicy overriding) {
			merged.assigned.addAll(this.assigned);
			merged.assigned.addAll(overriding.assigned);
			merged.enabled = overriding.assigned.contains("enabled") ? overriding.enabled : this.enabled;
			merged.failJobOnExitCodes = new ArrayList<>(overriding.assigned.contains("failJobOnExitCodes")
					? overriding.failJobOnExitCodes : this.failJobOnExitCodes);
			merged.ignoreDisruptions = overriding.assigned.contains("ignoreDisruptions") ? overriding.ignoreDisruptions
					: this.ignoreDisruptions;
		}

	}

}
