package io.partita.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A process started to restart or recover a job execution leaves Spring Boot's job runner
 * off, whatever the application configures.
 */
class CommandEnvironmentPostProcessorTests {

	private final CommandEnvironmentPostProcessor postProcessor = new CommandEnvironmentPostProcessor();

	@Test
	void restartTurnsTheJobRunnerOff() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.batch.job.enabled", "true")
			.withProperty("partita.restart", "7");

		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("spring.batch.job.enabled", Boolean.class)).isFalse();
	}

	@Test
	void recoverTurnsTheJobRunnerOff() {
		MockEnvironment environment = new MockEnvironment().withProperty("partita.recover", "7");

		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("spring.batch.job.enabled", Boolean.class)).isFalse();
	}

	@Test
	void ordinaryStartLeavesTheJobRunnerAsConfigured() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.batch.job.enabled", "true");

		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("spring.batch.job.enabled", Boolean.class)).isTrue();
	}

}
