package io.partita.recovery;

import io.partita.support.JobRepositoryProxies;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.scope.context.JobContext;
import org.springframework.batch.core.scope.context.JobSynchronizationManager;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.dao.OptimisticLockingFailureException;

/**
 * Lets a job's own thread record its execution while someone stops it. Spring Batch's
 * {@code SimpleJobRepository.update(JobExecution)} reads the row's version, merges the
 * status found there, then writes with that version: a stop (the replace policy, the
 * endpoint, another manager) that writes the row between the read and the write makes the
 * job's own update fail with an {@link OptimisticLockingFailureException}, which fails a
 * run that was only being stopped, or, at its end, leaves the exception unhandled. This
 * wraps the job repository so that such an update by the thread running that execution is
 * made again: the retry reads the fresh version and the stop's status, so the execution
 * ends STOPPED. Updates from other threads (the stop itself) are left as they are.
 */
public final class StopSafeJobRepository implements BeanPostProcessor {

	private static final Log logger = LogFactory.getLog(StopSafeJobRepository.class);

	/**
	 * Each retry needs another concurrent write; more than a few mean something else is
	 * writing the row in a loop.
	 */
	static final int MAX_ATTEMPTS = 10;

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		return JobRepositoryProxies.advise(bean, new RetryOwnUpdate());
	}

	static final class RetryOwnUpdate implements MethodInterceptor {

		@Override
		public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
			Object[] arguments = invocation.getArguments();
			if (!invocation.getMethod().getName().equals("update") || arguments.length != 1
					|| !(arguments[0] instanceof JobExecution execution) || !runsOnThisThread(execution)) {
				return invocation.proceed();
			}
			for (int attempt = 1;; attempt++) {
				try {
					return ((ProxyMethodInvocation) invocation).invocableClone().proceed();
				}
				catch (OptimisticLockingFailureException conflict) {
					if (attempt >= MAX_ATTEMPTS) {
						throw conflict;
					}
					logger.debug("Job execution " + execution.getId()
							+ " was written by another thread or process meanwhile (a stop); recording it again",
							conflict);
				}
			}
		}

		private static boolean runsOnThisThread(JobExecution execution) {
			JobContext context = JobSynchronizationManager.getContext();
			return context != null && context.getJobExecution().getId() == execution.getId();
		}

	}

}
