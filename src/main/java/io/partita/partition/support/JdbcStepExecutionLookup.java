package io.partita.partition.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.partita.partition.StepExecutionLookup;
import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.ExecutionContextSerializer;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.util.Assert;

/**
 * A {@link StepExecutionLookup} that reads many step executions with their execution
 * contexts in one query straight from the Spring Batch tables of a JDBC
 * {@link JobRepository}: Spring Batch 6 reads step executions one id at a time (eight
 * queries for each {@link JobRepository#getStepExecution(long)} on JDBC, most of them
 * about the job execution), and has no read of several ids. The columns and their mapping
 * are those of Spring Batch's own {@code JdbcStepExecutionDao} and
 * {@code JdbcExecutionContextDao}, and contexts are read with the repository's
 * {@link ExecutionContextSerializer}; ids are read up to {@value #IDS_PER_QUERY} per
 * query. A step execution the query does not find (a job repository on another database)
 * is read from the job repository instead.
 */
public class JdbcStepExecutionLookup implements StepExecutionLookup {

	/**
	 * Ids per query: within every database's limit of an IN list (Oracle's is 1,000).
	 */
	static final int IDS_PER_QUERY = 500;

	private static final String FIND = """
			SELECT S.STEP_EXECUTION_ID, S.STEP_NAME, S.START_TIME, S.END_TIME, S.STATUS, S.COMMIT_COUNT, \
			S.READ_COUNT, S.FILTER_COUNT, S.WRITE_COUNT, S.EXIT_CODE, S.EXIT_MESSAGE, S.READ_SKIP_COUNT, \
			S.WRITE_SKIP_COUNT, S.PROCESS_SKIP_COUNT, S.ROLLBACK_COUNT, S.LAST_UPDATED, S.VERSION, S.CREATE_TIME, \
			C.SHORT_CONTEXT, C.SERIALIZED_CONTEXT
			FROM %PREFIX%STEP_EXECUTION S
			LEFT JOIN %PREFIX%STEP_EXECUTION_CONTEXT C ON C.STEP_EXECUTION_ID = S.STEP_EXECUTION_ID
			WHERE S.JOB_EXECUTION_ID = :jobExecutionId AND S.STEP_EXECUTION_ID IN (:ids)
			""";

	private final NamedParameterJdbcTemplate jdbcTemplate;

	private final String query;

	private final ExecutionContextSerializer serializer;

	private final StepExecutionLookup fallback;

	/**
	 * Creates a lookup.
	 * @param dataSource the job repository's data source
	 * @param tablePrefix the prefix of the Spring Batch tables, such as {@code BATCH_}
	 * @param serializer the job repository's execution context serializer
	 * @param jobRepository the job repository, for step executions the query does not
	 * find
	 */
	public JdbcStepExecutionLookup(DataSource dataSource, String tablePrefix, ExecutionContextSerializer serializer,
			JobRepository jobRepository) {
		Assert.notNull(dataSource, "dataSource must not be null");
		Assert.notNull(tablePrefix, "tablePrefix must not be null");
		Assert.notNull(serializer, "serializer must not be null");
		this.jdbcTemplate = new NamedParameterJdbcTemplate(dataSource);
		this.query = FIND.replace("%PREFIX%", tablePrefix);
		this.serializer = serializer;
		this.fallback = StepExecutionLookup.of(jobRepository);
	}

	/**
	 * @see StepExecutionLookup#find(JobExecution, Collection)
	 */
	@Override
	public Map<Long, StepExecution> find(JobExecution jobExecution, Collection<Long> stepExecutionIds) {
		// what JobRepository.update(StepExecution) synchronizes against the database
		JobExecution copy = new JobExecution(jobExecution.getId(), jobExecution.getJobInstance(),
				jobExecution.getJobParameters());
		copy.setVersion(jobExecution.getVersion());
		copy.setStatus(jobExecution.getStatus());
		Map<Long, StepExecution> found = new LinkedHashMap<>();
		List<Long> ids = new ArrayList<>(stepExecutionIds);
		for (int from = 0; from < ids.size(); from += IDS_PER_QUERY) {
			List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + IDS_PER_QUERY));
			this.jdbcTemplate.query(this.query, Map.of("jobExecutionId", jobExecution.getId(), "ids", chunk),
					(resultSet) -> {
						StepExecution stepExecution = map(resultSet, copy);
						found.put(stepExecution.getId(), stepExecution);
					});
		}
		if (found.size() < ids.size()) {
			List<Long> missing = ids.stream().filter((id) -> !found.containsKey(id)).toList();
			found.putAll(this.fallback.find(jobExecution, missing));
		}
		return found;
	}

	private StepExecution map(ResultSet resultSet, JobExecution jobExecution) throws SQLException {
		StepExecution stepExecution = new StepExecution(resultSet.getLong("STEP_EXECUTION_ID"),
				resultSet.getString("STEP_NAME"), jobExecution);
		stepExecution.setStartTime(localDateTime(resultSet.getTimestamp("START_TIME")));
		stepExecution.setEndTime(localDateTime(resultSet.getTimestamp("END_TIME")));
		stepExecution.setStatus(BatchStatus.valueOf(resultSet.getString("STATUS")));
		stepExecution.setCommitCount(resultSet.getLong("COMMIT_COUNT"));
		stepExecution.setReadCount(resultSet.getLong("READ_COUNT"));
		stepExecution.setFilterCount(resultSet.getLong("FILTER_COUNT"));
		stepExecution.setWriteCount(resultSet.getLong("WRITE_COUNT"));
		stepExecution
			.setExitStatus(new ExitStatus(resultSet.getString("EXIT_CODE"), resultSet.getString("EXIT_MESSAGE")));
		stepExecution.setReadSkipCount(resultSet.getLong("READ_SKIP_COUNT"));
		stepExecution.setWriteSkipCount(resultSet.getLong("WRITE_SKIP_COUNT"));
		stepExecution.setProcessSkipCount(resultSet.getLong("PROCESS_SKIP_COUNT"));
		stepExecution.setRollbackCount(resultSet.getLong("ROLLBACK_COUNT"));
		stepExecution.setLastUpdated(localDateTime(resultSet.getTimestamp("LAST_UPDATED")));
		stepExecution.setVersion(resultSet.getInt("VERSION"));
		stepExecution.setCreateTime(localDateTime(resultSet.getTimestamp("CREATE_TIME")));
		stepExecution.setExecutionContext(context(resultSet));
		return stepExecution;
	}

	private ExecutionContext context(ResultSet resultSet) throws SQLException {
		String serialized = resultSet.getString("SERIALIZED_CONTEXT");
		if (serialized == null) {
			serialized = resultSet.getString("SHORT_CONTEXT");
		}
		if (serialized == null) {
			return new ExecutionContext();
		}
		try {
			return new ExecutionContext(
					this.serializer.deserialize(new ByteArrayInputStream(serialized.getBytes(StandardCharsets.UTF_8))));
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("Unable to deserialize the execution context", ex);
		}
	}

	private static @Nullable LocalDateTime localDateTime(@Nullable Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toLocalDateTime() : null;
	}

}
