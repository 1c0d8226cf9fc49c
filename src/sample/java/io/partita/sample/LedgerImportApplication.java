package io.partita.sample;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.PropertySource;

/**
 * The bundled sample application: imports generated ledger transactions with a
 * partitioned step whose partitions Partita runs in workers of their own. Arguments are
 * job parameters ({@code transactions=100000 partitions=8
 * failPartition=3}) or options ({@code --partita.restart=<job execution id>},
 * {@code --partita.recover=<job execution id>}).
 */
@SpringBootApplication
@PropertySource("classpath:io/partita/sample/ledger-import.properties")
public class LedgerImportApplication {

	@Bean
	@ConditionalOnExpression("'${partita.restart:}'.isEmpty() and '${partita.recover:}'.isEmpty() and !${partita.worker.process:false}")
	LedgerImportRunner ledgerImportRunner(JobOperator jobOperator, JobRepository jobRepository, Job ledgerImport,
			ApplicationEventPublisher eventPublisher) {
		return new LedgerImportRunner(jobOperator, jobRepository, ledgerImport, eventPublisher);
	}

	public static void main(String[] args) {
		System.exit(SpringApplication.exit(SpringApplication.run(LedgerImportApplication.class, args)));
	}

}
