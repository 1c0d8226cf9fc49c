package io.partita.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.partita.launch.kubernetes.KubernetesWorkerSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

import static io.partita.autoconfigure.PropertyChecks.requireMaxFailedIndexes;
import static io.partita.autoconfigure.PropertyChecks.requirePositive;

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

	@NestedConfigurationProperty
	private final WorkerProperties worker = new WorkerProperties();

	@NestedConfigurationProperty
	private final RetryProperties retry = new RetryProperties();

	@NestedConfigurationProperty
	private final RecoveryProperties recovery = new RecoveryProperties();

	@NestedConfigurationProperty
	private final LocalLauncherProperties local = new LocalLauncherProperties();

	@NestedConfigurationProperty
	private final EmbeddedDatabaseProperties embeddedDatabase = new EmbeddedDatabaseProperties();

	@NestedConfigurationProperty
	private final DashboardProperties dashboard = new DashboardProperties();

	/**
	 * Settings of the Kubernetes launcher, for every worker step.
	 */
	@NestedConfigurationProperty
	private final KubernetesWorkerSettings kubernetes = new KubernetesWorkerSettings();

	/**
	 * Settings for individual worker steps, by worker step bean name, overriding the
	 * global ones.
	 */
	private final Map<String, StepProperties> steps = new LinkedHashMap<>();

	/**
	 * Scheduled runs, by schedule name: each fire of a schedule starts a new instance of
	 * its job in this manager.
	 */
	private final Map<String, ScheduleProperties> schedules = new LinkedHashMap<>();

	@NestedConfigurationProperty
	private final LeaderElectionProperties leaderElection = new LeaderElectionProperties();

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

	public RecoveryProperties getRecovery() {
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

	public WorkerProperties getWorker() {
		return this.worker;
	}

	public RetryProperties getRetry() {
		return this.retry;
	}

	public LocalLauncherProperties getLocal() {
		return this.local;
	}

	public EmbeddedDatabaseProperties getEmbeddedDatabase() {
		return this.embeddedDatabase;
	}

	public DashboardProperties getDashboard() {
		return this.dashboard;
	}

	public KubernetesWorkerSettings getKubernetes() {
		return this.kubernetes;
	}

	public Map<String, StepProperties> getSteps() {
		return this.steps;
	}

	public Map<String, ScheduleProperties> getSchedules() {
		return this.schedules;
	}

	public LeaderElectionProperties getLeaderElection() {
		return this.leaderElection;
	}

	/**
	 * Returns the effective Kubernetes settings of the given worker step, its own
	 * settings first.
	 */
	public KubernetesWorkerSettings kubernetesFor(String workerStep) {
		StepProperties settings = this.steps.get(workerStep);
		return this.kubernetes.merge((settings != null) ? settings.getKubernetes() : null);
	}

	/**
	 * Returns the maximum number of workers for the given worker step, its own setting
	 * first.
	 */
	public int maxWorkersFor(String workerStep) {
		StepProperties settings = this.steps.get(workerStep);
		return (settings != null && settings.getMaxWorkers() != null) ? settings.getMaxWorkers() : this.maxWorkers;
	}

	@Override
	public void afterPropertiesSet() {
		requirePositive("partita.max-workers", this.maxWorkers, "4");
		requireMaxFailedIndexes("partita.kubernetes.max-failed-indexes", this.kubernetes.getMaxFailedIndexes());
		requirePositive("partita.kubernetes.concurrent-requests", this.kubernetes.getConcurrentRequests(), "32");
		this.steps.forEach((step, settings) -> settings.validate(step));
		this.retry.validate();
		requirePositive("partita.heartbeat-interval", this.heartbeatInterval, "1s");
		this.recovery.validate();
		requirePositive("partita.progress-interval", this.progressInterval, "30s");
		this.worker.validate();
		this.local.validate();
		this.schedules.forEach((name, schedule) -> schedule.validate(name));
		this.leaderElection.validate();
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

}
