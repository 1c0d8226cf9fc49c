package io.partita.autoconfigure;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.partita.launch.kubernetes.KubernetesWorkerSettings;
import io.partita.schedule.ConcurrencyPolicy;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.util.StringUtils;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Configuration properties for Partita.
 */
@ConfigurationProperties("partita")
public class PartitaProperties implements InitializingBean {

	/**
	 * Launcher that starts the workers. Defaults to kubernetes inside a Kubernetes
	 * cluster, local elsewhere.
	 */
	private @Nullable Launcher launcher;

	/**
	 * Maximum number of workers alive at once for one partitioned step execution; further
	 * partitions wait.
	 */
	private int maxWorkers = 4;

	/**
	 * Job execution id to restart at start-up, instead of starting a job. Only a FAILED
	 * or STOPPED execution can be restarted; its completed partitions are not run again.
	 */
	private @Nullable Long restart;

	/**
	 * Job execution id to recover at start-up, instead of starting a job: an execution
	 * left STARTED by a manager that died. Its live workers are adopted, the rest of it
	 * is restarted.
	 */
	private @Nullable Long recover;

	/**
	 * How often the manager records that it is alive and checks whether the job was asked
	 * to stop.
	 */
	private Duration heartbeatInterval = Duration.ofSeconds(1);

	/**
	 * How often a progress line is logged while the partitions of a step run.
	 */
	private Duration progressInterval = Duration.ofSeconds(30);

	/**
	 * How long a manager that is shutting down (SIGTERM) waits for its partitioned steps
	 * to stop their workers and record STOPPED, leaving a restartable execution.
	 */
	private Duration shutdownGracePeriod = Duration.ofSeconds(60);

	private final Worker worker = new Worker();

	private final Retry retry = new Retry();

	private final Recovery recovery = new Recovery();

	private final Local local = new Local();

	private final EmbeddedDatabase embeddedDatabase = new EmbeddedDatabase();

	private final Dashboard dashboard = new Dashboard();

	/**
	 * Settings of the Kubernetes launcher, for every worker step.
	 */
	@NestedConfigurationProperty
	private final KubernetesWorkerSettings kubernetes = new KubernetesWorkerSettings();

	/**
	 * Settings for individual worker steps, by worker step bean name, overriding the
	 * global ones.
	 */
	private final Map<String, StepSettings> steps = new LinkedHashMap<>();

	/**
	 * Scheduled runs, by schedule name: each fire of a schedule starts a new instance of
	 * its job in this manager.
	 */
	private final Map<String, Schedule> schedules = new LinkedHashMap<>();

	private final LeaderElection leaderElection = new LeaderElection();

	public @Nullable Launcher getLauncher() {
		return this.launcher;
	}

	public void setLauncher(@Nullable Launcher launcher) {
		this.launcher = launcher;
	}

	public int getMaxWorkers() {
		return this.maxWorkers;
	}

	public void setMaxWorkers(int maxWorkers) {
		this.maxWorkers = maxWorkers;
	}

	public @Nullable Long getRestart() {
		return this.restart;
	}

	public void setRestart(@Nullable Long restart) {
		this.restart = restart;
	}

	public @Nullable Long getRecover() {
		return this.recover;
	}

	public void setRecover(@Nullable Long recover) {
		this.recover = recover;
	}

	public Recovery getRecovery() {
		return this.recovery;
	}

	public Duration getHeartbeatInterval() {
		return this.heartbeatInterval;
	}

	public void setHeartbeatInterval(Duration heartbeatInterval) {
		this.heartbeatInterval = heartbeatInterval;
	}

	public Duration getProgressInterval() {
		return this.progressInterval;
	}

	public void setProgressInterval(Duration progressInterval) {
		this.progressInterval = progressInterval;
	}

	public Duration getShutdownGracePeriod() {
		return this.shutdownGracePeriod;
	}

	public void setShutdownGracePeriod(Duration shutdownGracePeriod) {
		this.shutdownGracePeriod = shutdownGracePeriod;
	}

	public Worker getWorker() {
		return this.worker;
	}

	public Retry getRetry() {
		return this.retry;
	}

	public Local getLocal() {
		return this.local;
	}

	public EmbeddedDatabase getEmbeddedDatabase() {
		return this.embeddedDatabase;
	}

	public Dashboard getDashboard() {
		return this.dashboard;
	}

	public KubernetesWorkerSettings getKubernetes() {
		return this.kubernetes;
	}

	public Map<String, StepSettings> getSteps() {
		return this.steps;
	}

	public Map<String, Schedule> getSchedules() {
		return this.schedules;
	}

	public LeaderElection getLeaderElection() {
		return this.leaderElection;
	}

	/**
	 * Returns the effective Kubernetes settings of the given worker step, its own
	 * settings first.
	 */
	public KubernetesWorkerSettings kubernetesFor(String workerStep) {
		StepSettings settings = this.steps.get(workerStep);
		return this.kubernetes.merge((settings != null) ? settings.getKubernetes() : null);
	}

	/**
	 * Returns the maximum number of workers for the given worker step, its own setting
	 * first.
	 */
	public int maxWorkersFor(String workerStep) {
		StepSettings settings = this.steps.get(workerStep);
		return (settings != null && settings.getMaxWorkers() != null) ? settings.getMaxWorkers() : this.maxWorkers;
	}

	@Override
	public void afterPropertiesSet() {
		requirePositive("partita.max-workers", this.maxWorkers, "4");
		requireMaxFailedIndexes("partita.kubernetes.max-failed-indexes", this.kubernetes.getMaxFailedIndexes());
		requirePositive("partita.kubernetes.concurrent-requests", this.kubernetes.getConcurrentRequests(), "32");
		this.steps.forEach((step, settings) -> {
			if (settings.getMaxWorkers() != null) {
				requirePositive("partita.steps." + step + ".max-workers", settings.getMaxWorkers(),
						"partita.max-workers");
			}
			requireMaxFailedIndexes("partita.steps." + step + ".kubernetes.max-failed-indexes",
					settings.getKubernetes().getMaxFailedIndexes());
		});
		requirePositive("partita.retry.max-attempts", this.retry.getMaxAttempts(), "3");
		if (this.retry.getMaxDisruptions() < 0) {
			throw new InvalidPartitaPropertyException("partita.retry.max-disruptions", this.retry.getMaxDisruptions(),
					"must not be negative", "Set it to 0 (disruptions count as failures) or more (default 5).");
		}
		if (this.retry.getMultiplier() < 1) {
			throw new InvalidPartitaPropertyException("partita.retry.multiplier", this.retry.getMultiplier(),
					"must be at least 1", "Set it to 1 (equal pauses) or more (default 2).");
		}
		requirePositive("partita.heartbeat-interval", this.heartbeatInterval, "1s");
		requirePositive("partita.recovery.manager-silence", this.recovery.managerSilence, "30s");
		requirePositive("partita.progress-interval", this.progressInterval, "30s");
		requirePositive("partita.worker.startup-timeout", this.worker.startupTimeout, "5m");
		requirePositive("partita.worker.run-timeout", this.worker.runTimeout, "none");
		requirePositive("partita.worker.database-connections", this.worker.databaseConnections,
				Integer.toString(Worker.DEFAULT_DATABASE_CONNECTIONS));
		if (this.local.logTailLines < 0) {
			throw new InvalidPartitaPropertyException("partita.local.log-tail-lines", this.local.logTailLines,
					"must not be negative", "Set it to 0 or more (default 10).");
		}
		this.schedules.forEach(PartitaProperties::validateSchedule);
		this.leaderElection.validate();
	}

	private static void validateSchedule(String name, Schedule schedule) {
		String prefix = "partita.schedules." + name + ".";
		if (!StringUtils.hasText(schedule.job)) {
			throw new InvalidPartitaPropertyException(prefix + "job", schedule.job, "a schedule needs a job",
					"Set it to the name of the Job to run.");
		}
		if (!StringUtils.hasText(schedule.cron)) {
			throw new InvalidPartitaPropertyException(prefix + "cron", schedule.cron,
					"a schedule needs a cron expression",
					"Set it to a cron expression such as '0 0 2 * * *' (second, minute, hour, day of month, month, "
							+ "day of week: 2 a.m. every day).");
		}
		try {
			CronExpression.parse(schedule.cron);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidPartitaPropertyException(prefix + "cron", "'" + schedule.cron + "'",
					"it is not a cron expression: " + ex.getMessage(),
					"Use six fields (second, minute, hour, day of month, month, day of week) such as '0 0 2 * * *', "
							+ "or a macro such as @daily.");
		}
		try {
			schedule.zoneId();
		}
		catch (DateTimeException ex) {
			throw new InvalidPartitaPropertyException(prefix + "zone", schedule.zone,
					"it is not a time zone: " + ex.getMessage(),
					"Use a region such as Europe/Paris or an offset such as UTC+01:00, or leave it out for the "
							+ "JVM's time zone.");
		}
	}

	private static void requireMaxFailedIndexes(String name, @Nullable Integer value) {
		if (value != null && value < 0) {
			throw new InvalidPartitaPropertyException(name, value, "must not be negative",
					"Set it to 0 (the first failed index ends the Indexed Job) or more, or leave it unset (no limit).");
		}
	}

	private static void requirePositive(String name, int value, String defaultValue) {
		if (value < 1) {
			throw new InvalidPartitaPropertyException(name, value, "must be at least 1",
					"Set it to a positive number (default " + defaultValue + ").");
		}
	}

	private static void requirePositive(String name, @Nullable Duration value, String defaultValue) {
		if (value != null && (value.isNegative() || value.isZero())) {
			throw new InvalidPartitaPropertyException(name, value, "must be a positive duration",
					"Set it to a positive duration such as 30s or 5m (default " + defaultValue + ").");
		}
	}

	/**
	 * Launchers that start workers.
	 */
	public enum Launcher {

		/**
		 * Each worker is a child JVM of the manager's application, on the same machine.
		 */
		LOCAL,

		/**
		 * Each worker is a Kubernetes Job running the manager's image.
		 */
		KUBERNETES

	}

	/**
	 * Recovery of executions whose manager died.
	 */
	public static class Recovery {

		/**
		 * How long a running execution must have recorded nothing (the manager records a
		 * heartbeat every partita.heartbeat-interval) before recovery takes its manager
		 * for dead.
		 */
		private Duration managerSilence = Duration.ofSeconds(30);

		public Duration getManagerSilence() {
			return this.managerSilence;
		}

		public void setManagerSilence(Duration managerSilence) {
			this.managerSilence = managerSilence;
		}

	}

	/**
	 * Worker settings.
	 */
	public static class Worker {

		static final int DEFAULT_DATABASE_CONNECTIONS = 2;

		/**
		 * How long a worker may take to start its step before it is stopped and its
		 * partition failed.
		 */
		private @Nullable Duration startupTimeout = Duration.ofMinutes(5);

		/**
		 * How long a worker may run before it is stopped and its partition failed. No
		 * limit when not set.
		 */
		private @Nullable Duration runTimeout;

		/**
		 * How long a worker asked to stop (SIGTERM) waits for its step to record STOPPED
		 * before it exits.
		 */
		private Duration shutdownGracePeriod = Duration.ofSeconds(20);

		/**
		 * Size of each worker's pool of job repository connections (Hikari's
		 * maximum-pool-size in worker processes). A step on one thread uses one at a
		 * time, and a second serves the job repository beside it; raise it for
		 * multi-threaded worker steps.
		 */
		private int databaseConnections = DEFAULT_DATABASE_CONNECTIONS;

		public @Nullable Duration getStartupTimeout() {
			return this.startupTimeout;
		}

		public void setStartupTimeout(@Nullable Duration startupTimeout) {
			this.startupTimeout = startupTimeout;
		}

		public @Nullable Duration getRunTimeout() {
			return this.runTimeout;
		}

		public void setRunTimeout(@Nullable Duration runTimeout) {
			this.runTimeout = runTimeout;
		}

		public Duration getShutdownGracePeriod() {
			return this.shutdownGracePeriod;
		}

		public void setShutdownGracePeriod(Duration shutdownGracePeriod) {
			this.shutdownGracePeriod = shutdownGracePeriod;
		}

		public int getDatabaseConnections() {
			return this.databaseConnections;
		}

		public void setDatabaseConnections(int databaseConnections) {
			this.databaseConnections = databaseConnections;
		}

	}

	/**
	 * Retry settings.
	 */
	public static class Retry {

		/**
		 * Comma-separated list of exception types that fail a partition without retry
		 * (worker exit code 2). A failure matches when the exception or one of its causes
		 * is of such a type.
		 */
		private List<Class<? extends Throwable>> nonRetryableExceptions = new ArrayList<>();

		/**
		 * Maximum number of attempts of a partition, the first included. A failed
		 * partition is launched again, from its saved execution context, unless its
		 * failure was not retryable (worker exit code 2 or 3) or the manager stopped its
		 * worker.
		 */
		private int maxAttempts = 3;

		/**
		 * Maximum number of times a partition is launched again after its platform ended
		 * its worker (evicted, preempted, node lost, its Job deleted by someone else);
		 * such attempts are not charged to max-attempts.
		 */
		private int maxDisruptions = 5;

		/**
		 * Pause before the first retry of a partition.
		 */
		private Duration initialInterval = Duration.ofSeconds(1);

		/**
		 * Factor applied to the pause before each further retry.
		 */
		private double multiplier = 2;

		/**
		 * Longest pause between two attempts of a partition.
		 */
		private Duration maxInterval = Duration.ofSeconds(30);

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public int getMaxDisruptions() {
			return this.maxDisruptions;
		}

		public void setMaxDisruptions(int maxDisruptions) {
			this.maxDisruptions = maxDisruptions;
		}

		public Duration getInitialInterval() {
			return this.initialInterval;
		}

		public void setInitialInterval(Duration initialInterval) {
			this.initialInterval = initialInterval;
		}

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			this.multiplier = multiplier;
		}

		public Duration getMaxInterval() {
			return this.maxInterval;
		}

		public void setMaxInterval(Duration maxInterval) {
			this.maxInterval = maxInterval;
		}

		/**
		 * Returns the pauses between attempts as a {@link BackOff}.
		 */
		public BackOff backOff() {
			ExponentialBackOff backOff = new ExponentialBackOff(this.initialInterval.toMillis(), this.multiplier);
			backOff.setMaxInterval(this.maxInterval.toMillis());
			return backOff;
		}

		public List<Class<? extends Throwable>> getNonRetryableExceptions() {
			return this.nonRetryableExceptions;
		}

		public void setNonRetryableExceptions(List<Class<? extends Throwable>> nonRetryableExceptions) {
			this.nonRetryableExceptions = nonRetryableExceptions;
		}

	}

	/**
	 * Local launcher settings.
	 */
	public static class Local {

		/**
		 * Main class the worker JVMs run. By default the executable jar the manager runs
		 * from, or else the application's @SpringBootApplication class.
		 */
		private @Nullable String mainClass;

		/**
		 * Comma-separated list of options for the worker JVMs. The defaults favour a fast
		 * start and a small footprint (C1 only, serial GC, a heap that starts small, no
		 * background pre-initialisation of web and JSON classes a worker never uses);
		 * replace them for workers that run long.
		 */
		private List<String> jvmArguments = new ArrayList<>(
				List.of("-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:+UseSerialGC", "-Xms16m", "-Xss512k",
						"-XX:ReservedCodeCacheSize=32m", "-Dspring.backgroundpreinitializer.ignore=true"));

		/**
		 * Directory that receives one log file per worker.
		 */
		private Path workDirectory = Path.of(".partita", "workers");

		/**
		 * Number of lines at the end of a failed worker's log copied into its partition's
		 * exit description.
		 */
		private int logTailLines = 10;

		/**
		 * How long a worker asked to stop may take before it is killed.
		 */
		private Duration stopGracePeriod = Duration.ofSeconds(30);

		public @Nullable String getMainClass() {
			return this.mainClass;
		}

		public void setMainClass(@Nullable String mainClass) {
			this.mainClass = mainClass;
		}

		public List<String> getJvmArguments() {
			return this.jvmArguments;
		}

		public void setJvmArguments(List<String> jvmArguments) {
			this.jvmArguments = jvmArguments;
		}

		public Path getWorkDirectory() {
			return this.workDirectory;
		}

		public void setWorkDirectory(Path workDirectory) {
			this.workDirectory = workDirectory;
		}

		public int getLogTailLines() {
			return this.logTailLines;
		}

		public void setLogTailLines(int logTailLines) {
			this.logTailLines = logTailLines;
		}

		public Duration getStopGracePeriod() {
			return this.stopGracePeriod;
		}

		public void setStopGracePeriod(Duration stopGracePeriod) {
			this.stopGracePeriod = stopGracePeriod;
		}

	}

	/**
	 * Settings of the embedded job repository, an H2 database that the manager serves to
	 * its workers when no spring.datasource.url is set.
	 */
	public static class EmbeddedDatabase {

		/**
		 * Whether to serve an embedded H2 job repository when no spring.datasource.url is
		 * set.
		 */
		private boolean enabled = true;

		/**
		 * Directory that holds the database files; they survive the manager, so failed
		 * executions can be restarted.
		 */
		private Path directory = Path.of(".partita", "db");

		/**
		 * Loopback port of the database server. 0 picks a free port.
		 */
		private int port;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Path getDirectory() {
			return this.directory;
		}

		public void setDirectory(Path directory) {
			this.directory = directory;
		}

		public int getPort() {
			return this.port;
		}

		public void setPort(int port) {
			this.port = port;
		}

	}

	/**
	 * A schedule of runs of a job.
	 */
	public static class Schedule {

		/**
		 * Name of the Job to run.
		 */
		private @Nullable String job;

		/**
		 * Cron expression of the runs: second, minute, hour, day of month, month, day of
		 * week, such as '0 0 2 * * *' for 2 a.m. every day, or a macro such as @daily.
		 */
		private @Nullable String cron;

		/**
		 * Time zone the cron expression is read in, such as Europe/Paris. The JVM's time
		 * zone when not set.
		 */
		private @Nullable String zone;

		/**
		 * Job parameters of every run, in the notation of the command line: value, or
		 * value,type[,identifying]. Each run also gets the identifying parameters
		 * partita.schedule and partita.fire-time.
		 */
		private Map<String, String> parameters = new LinkedHashMap<>();

		/**
		 * What a fire does while an earlier run of the schedule still runs: allow (start
		 * beside it), forbid (skip this run) or replace (stop it and start this run).
		 */
		private ConcurrencyPolicy concurrencyPolicy = ConcurrencyPolicy.ALLOW;

		public @Nullable String getJob() {
			return this.job;
		}

		public void setJob(@Nullable String job) {
			this.job = job;
		}

		public @Nullable String getCron() {
			return this.cron;
		}

		public void setCron(@Nullable String cron) {
			this.cron = cron;
		}

		public @Nullable String getZone() {
			return this.zone;
		}

		public void setZone(@Nullable String zone) {
			this.zone = zone;
		}

		public Map<String, String> getParameters() {
			return this.parameters;
		}

		public void setParameters(Map<String, String> parameters) {
			this.parameters = parameters;
		}

		public ConcurrencyPolicy getConcurrencyPolicy() {
			return this.concurrencyPolicy;
		}

		public void setConcurrencyPolicy(ConcurrencyPolicy concurrencyPolicy) {
			this.concurrencyPolicy = concurrencyPolicy;
		}

		/**
		 * Returns the time zone of the cron expression.
		 */
		public ZoneId zoneId() {
			return StringUtils.hasText(this.zone) ? ZoneId.of(this.zone.trim()) : ZoneId.systemDefault();
		}

	}

	/**
	 * Leader election among the manager's replicas on a Kubernetes Lease: only the leader
	 * fires the schedules.
	 */
	public static class LeaderElection {

		/**
		 * Whether scheduled runs are fired only by the replica that holds the Lease. By
		 * default enabled with the Kubernetes launcher (and so inside a cluster), else a
		 * single manager fires them.
		 */
		private @Nullable Boolean enabled;

		/**
		 * Name of the Lease, the same for all replicas of the manager. By default the
		 * application name followed by -schedules.
		 */
		private @Nullable String leaseName;

		/**
		 * Namespace of the Lease. By default the client's namespace.
		 */
		private @Nullable String namespace;

		/**
		 * Name of this replica in the election, different for each replica. By default
		 * the pod name inside a cluster, else the host name and process id.
		 */
		private @Nullable String identity;

		/**
		 * How long a Lease that is not renewed stays held before another replica may take
		 * it.
		 */
		private Duration leaseDuration = Duration.ofSeconds(15);

		/**
		 * How long the leader keeps trying to renew the Lease before it stops leading.
		 * Less than lease-duration.
		 */
		private Duration renewDeadline = Duration.ofSeconds(10);

		/**
		 * Pause between two attempts to take or renew the Lease. Less than
		 * renew-deadline.
		 */
		private Duration retryPeriod = Duration.ofSeconds(2);

		public @Nullable Boolean getEnabled() {
			return this.enabled;
		}

		public void setEnabled(@Nullable Boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable String getLeaseName() {
			return this.leaseName;
		}

		public void setLeaseName(@Nullable String leaseName) {
			this.leaseName = leaseName;
		}

		public @Nullable String getNamespace() {
			return this.namespace;
		}

		public void setNamespace(@Nullable String namespace) {
			this.namespace = namespace;
		}

		public @Nullable String getIdentity() {
			return this.identity;
		}

		public void setIdentity(@Nullable String identity) {
			this.identity = identity;
		}

		public Duration getLeaseDuration() {
			return this.leaseDuration;
		}

		public void setLeaseDuration(Duration leaseDuration) {
			this.leaseDuration = leaseDuration;
		}

		public Duration getRenewDeadline() {
			return this.renewDeadline;
		}

		public void setRenewDeadline(Duration renewDeadline) {
			this.renewDeadline = renewDeadline;
		}

		public Duration getRetryPeriod() {
			return this.retryPeriod;
		}

		public void setRetryPeriod(Duration retryPeriod) {
			this.retryPeriod = retryPeriod;
		}

		void validate() {
			requirePositive("partita.leader-election.lease-duration", this.leaseDuration, "15s");
			requirePositive("partita.leader-election.renew-deadline", this.renewDeadline, "10s");
			requirePositive("partita.leader-election.retry-period", this.retryPeriod, "2s");
			if (this.renewDeadline.compareTo(this.leaseDuration) >= 0) {
				throw new InvalidPartitaPropertyException("partita.leader-election.renew-deadline", this.renewDeadline,
						"must be less than partita.leader-election.lease-duration (" + this.leaseDuration
								+ "), so that a leader stops before another replica may lead",
						"Set it below the lease duration (defaults 10s and 15s).");
			}
			if (this.retryPeriod.compareTo(this.renewDeadline) >= 0) {
				throw new InvalidPartitaPropertyException("partita.leader-election.retry-period", this.retryPeriod,
						"must be less than partita.leader-election.renew-deadline (" + this.renewDeadline + ")",
						"Set it below the renew deadline (defaults 2s and 10s).");
			}
		}

	}

	/**
	 * Settings of one worker step.
	 */
	public static class StepSettings {

		/**
		 * Maximum number of workers alive at once for this worker step.
		 */
		private @Nullable Integer maxWorkers;

		/**
		 * Kubernetes settings of this worker step, overriding partita.kubernetes.*.
		 */
		@NestedConfigurationProperty
		private final KubernetesWorkerSettings kubernetes = new KubernetesWorkerSettings();

		public KubernetesWorkerSettings getKubernetes() {
			return this.kubernetes;
		}

		public @Nullable Integer getMaxWorkers() {
			return this.maxWorkers;
		}

		public void setMaxWorkers(@Nullable Integer maxWorkers) {
			this.maxWorkers = maxWorkers;
		}

	}

	/**
	 * Dashboard settings.
	 */
	public static class Dashboard {

		/**
		 * Whether a manager with a servlet web server serves the dashboard at /partita/.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
