package io.partita.worker;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.partita.support.JobRepositoryProxies;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Keeps a worker from saving an execution context that may disagree with its database.
 * Spring Batch 6's chunk-oriented step saves the readers' positions with each chunk's
 * items, in the chunk's transaction; when that commit fails (the database restarted, the
 * connection dropped), the step then saves the context in memory once more as it ends,
 * outside any transaction (spring-projects/spring-batch#1145). If the commit rolled back,
 * that context holds a position past items never written, and a restart skips them; if
 * the commit's outcome is unknown (the connection dropped after the database committed),
 * neither the old nor the new position can be chosen safely. This wraps the job
 * repository of a worker process and skips those saves: after a chunk's transaction that
 * did not report a commit, the database keeps the context it committed with the last
 * items it holds, until a later chunk commits.
 */
public final class CommittedExecutionContexts implements BeanPostProcessor {

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		return JobRepositoryProxies.advise(bean, new Guard());
	}

	private static final class Guard implements MethodInterceptor {

		private final Set<Long> uncommitted = ConcurrentHashMap.newKeySet();

		@Override
		public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
			Object[] arguments = invocation.getArguments();
			if (invocation.getMethod().getName().equals("updateExecutionContext") && arguments.length == 1
					&& arguments[0] instanceof StepExecution step && !mayBeSaved(step)) {
				return null;
			}
			return invocation.proceed();
		}

		private boolean mayBeSaved(StepExecution step) {
			long id = step.getId();
			if (!TransactionSynchronizationManager.isSynchronizationActive()) {
				return !this.uncommitted.contains(id);
			}
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					if (status == STATUS_COMMITTED) {
						Guard.this.uncommitted.remove(id);
					}
					else {
						Guard.this.uncommitted.add(id);
					}
				}
			});
			return true;
		}

	}

}
