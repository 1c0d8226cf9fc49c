package io.partita.ops.endpoint;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Reads pages of job executions of every job, newest first, straight from the Spring
 * Batch tables: the {@code JobRepository} of Spring Batch 6 has no query across job names
 * and no paging of executions. Only the columns a list shows are read, with one more
 * query for the parameters of the page; the page's rows are found with
 * {@link JdbcTemplate#setMaxRows(int) a row limit}, which every database supports.
 */
public class JobExecutionPages {

	private final JdbcTemplate jdbcTemplate;

	private final String tablePrefix;

	/**
	 * Creates a reader.
	 * @param dataSource the job repository's data source
	 * @param tablePrefix the prefix of the Spring Batch tables, such as {@code BATCH_}
	 */
	public JobExecutionPages(DataSource dataSource, String tablePrefix) {
		this.jdbcTemplate = new JdbcTemplate(dataSource);
		this.tablePrefix = tablePrefix;
	}

	/**
	 * Returns one page of job executions, newest first.
	 * @param page the page, from 0
	 * @param size executions per page
	 * @return the page
	 */
	public Page find(int page, int size) {
		long offset = (long) page * size;
		JdbcTemplate limited = new JdbcTemplate(this.jdbcTemplate.getDataSource());
		limited.setMaxRows((int) Math.min(Integer.MAX_VALUE, offset + size));
		List<Summary> rows = limited.query(table("SELECT E.JOB_EXECUTION_ID, E.JOB_INSTANCE_ID, I.JOB_NAME, E.STATUS, "
				+ "E.EXIT_CODE, E.CREATE_TIME, E.START_TIME, E.END_TIME FROM %PREFIX%JOB_EXECUTION E "
				+ "JOIN %PREFIX%JOB_INSTANCE I ON E.JOB_INSTANCE_ID = I.JOB_INSTANCE_ID "
				+ "ORDER BY E.JOB_EXECUTION_ID DESC"), (resultSet) -> {
					List<Summary> summaries = new ArrayList<>();
					long index = 0;
					while (resultSet.next()) {
						if (index++ >= offset) {
							summaries.add(summary(resultSet));
						}
					}
					return summaries;
				});
		Long total = this.jdbcTemplate.queryForObject(table("SELECT COUNT(*) FROM %PREFIX%JOB_EXECUTION"), Long.class);
		Map<Long, Map<String, String>> parameters = parameters(rows.stream().map(Summary::id).toList());
		List<Summary> executions = rows.stream()
			.map((row) -> row.withParameters(parameters.getOrDefault(row.id(), Map.of())))
			.toList();
		return new Page(page, size, (total != null) ? total : 0, executions);
	}

	private Map<Long, Map<String, String>> parameters(List<Long> ids) {
		Map<Long, Map<String, String>> parameters = new LinkedHashMap<>();
		if (ids.isEmpty()) {
			return parameters;
		}
		new NamedParameterJdbcTemplate(this.jdbcTemplate).query(
				table("SELECT JOB_EXECUTION_ID, PARAMETER_NAME, PARAMETER_VALUE FROM %PREFIX%JOB_EXECUTION_PARAMS "
						+ "WHERE JOB_EXECUTION_ID IN (:ids) ORDER BY PARAMETER_NAME"),
				Map.of("ids", ids), (resultSet) -> {
					parameters.computeIfAbsent(resultSet.getLong(1), (id) -> new LinkedHashMap<>())
						.put(resultSet.getString(2), resultSet.getString(3));
				});
		return parameters;
	}

	private String table(String sql) {
		return sql.replace("%PREFIX%", this.tablePrefix);
	}

	private static Summary summary(ResultSet resultSet) throws SQLException {
		return new Summary(resultSet.getLong(1), resultSet.getLong(2), resultSet.getString(3), resultSet.getString(4),
				resultSet.getString(5), instant(resultSet.getTimestamp(6)), instant(resultSet.getTimestamp(7)),
				instant(resultSet.getTimestamp(8)), Map.of());
	}

	/**
	 * Converts a time as Spring Batch records it (the local time of the process that
	 * wrote it) to an instant.
	 */
	static @Nullable Instant instant(@Nullable Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toLocalDateTime().atZone(ZoneId.systemDefault()).toInstant() : null;
	}

	/**
	 * One page of job executions.
	 *
	 * @param page the page, from 0
	 * @param size executions per page
	 * @param total executions in the job repository
	 * @param executions this page's executions, newest first
	 */
	public record Page(int page, int size, long total, List<Summary> executions) {
	}

	/**
	 * A job execution as a list shows it.
	 *
	 * @param id the job execution id
	 * @param instanceId the job instance id
	 * @param jobName the job's name
	 * @param status the batch status
	 * @param exitCode the exit code
	 * @param createTime when it was created
	 * @param startTime when it started
	 * @param endTime when it ended
	 * @param parameters its identifying and other parameters, as recorded
	 */
	public record Summary(long id, long instanceId, String jobName, String status, @Nullable String exitCode,
			@Nullable Instant createTime, @Nullable Instant startTime, @Nullable Instant endTime,
			Map<String, String> parameters) {

		Summary withParameters(Map<String, String> parameters) {
			return new Summary(this.id, this.instanceId, this.jobName, this.status, this.exitCode, this.createTime,
					this.startTime, this.endTime, parameters);
		}

	}

}
