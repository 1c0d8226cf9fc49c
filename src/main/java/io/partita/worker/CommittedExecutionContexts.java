package io.partita.worker;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Keeps a worker from saving an execution context that its database never committed.
 * Spring Batch 6's chunk-oriented step puts the readers' positions into the step's
 * execution context inside each chunk's transaction; when the commit itself fails (the
 * database restarted, the connection dropped), the step then saves that context once more
 * as it ends, outside any transaction, and a restart would skip the chunk that was never
 * written (spring-projects/spring-batch#1145). This wraps the job repository of a worker
 * process: it remembers the context of each step execution as last committed, and after a
 * chunk's transaction rolled back it saves that one instead.
 */
public final class CommittedExecutionContexts implements BeanPostProcessor {

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (!(bean instanceof JobRepository)) {
			return bean;
		}
		ProxyFactory proxy = new ProxyFactory(bean);
		proxy.addInterface(JobRepository.class);
		proxy.addAdvice(new Guard());
		return proxy.getProxy(getClass().getClassLoader());
	}

	private static final class Guard implements MethodInterceptor {

		private final Map<Long, ExecutionContext> committed = new ConcurrentHashMap<>();

		private final Set<Long> rolledBack = ConcurrentHashMap.newKeySet();

		@Override
		public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
			Object[] arguments = invocation.getArguments();
			if (invocation.getMethod().getName().equals("updateExecutionContext") && arguments.length == 1
					&& arguments[0] instanceof StepExecution step) {
				guard(step);
			}
			return invocation.proceed();
		}

		private void guard(StepExecution step) {
			long id = step.getId();
			ExecutionContext snapshot = new ExecutionContext(step.getExecutionContext());
			if (TransactionSynchronizationManager.isSynchronizationActive()) {
				TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
					@Override
					public void afterCompletion(int status) {
						if (status == STATUS_COMMITTED) {
							Guard.this.committed.put(id, snapshot);
							Guard.this.rolledBack.remove(id);
						}
						else {
							Guard.this.rolledBack.add(id);
						}
					}
				});
			}
			else if (this.rolledBack.contains(id) && this.committed.containsKey(id)) {
				step.setExecutionContext(new ExecutionContext(this.committed.get(id)));
			}
			else {
				this.committed.put(id, snapshot);
			}
		}

	}

}
