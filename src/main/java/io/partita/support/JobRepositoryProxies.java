package io.partita.support;

import org.aopalliance.intercept.MethodInterceptor;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.batch.core.repository.JobRepository;

/**
 * Wraps a {@link JobRepository} bean in advice, for the {@code BeanPostProcessor}s that
 * change how Partita's processes record their executions.
 */
public final class JobRepositoryProxies {

	private JobRepositoryProxies() {
	}

	/**
	 * Returns the given bean wrapped in the advice if it is a {@link JobRepository}, else
	 * the bean itself.
	 * @param bean the bean
	 * @param advice what to do around the repository's methods
	 * @return the bean to use
	 */
	public static Object advise(Object bean, MethodInterceptor advice) {
		if (!(bean instanceof JobRepository)) {
			return bean;
		}
		ProxyFactory proxy = new ProxyFactory(bean);
		proxy.addInterface(JobRepository.class);
		proxy.addAdvice(advice);
		return proxy.getProxy(JobRepositoryProxies.class.getClassLoader());
	}

}
