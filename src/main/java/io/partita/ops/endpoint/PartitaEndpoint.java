package io.partita.ops.endpoint;

import java.util.List;
import java.util.function.LongFunction;

import io.partita.recovery.IllegalJobExecutionStateException;
import io.partita.recovery.JobExecutionControl;
import io.partita.recovery.JobExecutionNotFoundException;
import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.dao.EmptyResultDataAccessException;

/**
 * The Actuator endpoint {@code partita}: recent job executions of every job
 * ({@link JobExecutionPages}), one execution with its partitions and their attempts
 * ({@link JobExecutionDetails}), and the write operations {@code restart}, {@code stop}
 * and {@code recover} of a {@link JobExecutionControl}.
 * <p>
 * Job parameters are shown as the {@link JobParameterSanitizer} lets the one who asks see
 * them: by default, the values of those named like secrets are masked.
 * <p>
 * Its default access is read-only, so Actuator does not expose the write operations
 * unless {@code management.endpoint.partita.access=unrestricted}; they are then guarded
 * like any other Actuator write operation. Bad input and illegal transitions answer with
 * a 4xx status and a message saying why.
 */
@WebEndpoint(id = PartitaEndpoint.ID, defaultAccess = Access.READ_ONLY)
public class PartitaEndpoint {

	/**
	 * The endpoint's id.
	 */
	public static final String ID = "partita";

	static final int DEFAULT_PAGE_SIZE = 20;

	static final int MAX_PAGE_SIZE = 200;

	private static final int STATUS_ACCEPTED = 202;

	private static final int STATUS_CONFLICT = 409;

	private final JobExecutionPages pages;

	private final JobRepository jobRepository;

	private final JobExecutionControl control;

	private final JobParameterSanitizer sanitizer;

	/**
	 * Creates the endpoint.
	 * @param pages reads pages of executions
	 * @param jobRepository reads one execution
	 * @param control restarts, stops and recovers executions without waiting for them to
	 * run
	 * @param sanitizer masks the job parameters the one who asks may not see
	 */
	public PartitaEndpoint(JobExecutionPages pages, JobRepository jobRepository, JobExecutionControl control,
			JobParameterSanitizer sanitizer) {
		this.pages = pages;
		this.jobRepository = jobRepository;
		this.control = control;
		this.sanitizer = sanitizer;
	}

	/**
	 * Lists job executions of every job, newest first.
	 * @param securityContext who asks
	 * @param page the page, from 0 (default 0)
	 * @param size executions per page, 1 to {@value #MAX_PAGE_SIZE} (default
	 * {@value #DEFAULT_PAGE_SIZE})
	 * @return the page, or 400 for a page or size out of bounds
	 */
	@ReadOperation
	public WebEndpointResponse<OperationResponseBody> executions(SecurityContext securityContext,
			@Nullable Integer page, @Nullable Integer size) {
		int pageNumber = (page != null) ? page : 0;
		int pageSize = (size != null) ? size : DEFAULT_PAGE_SIZE;
		if (pageNumber < 0) {
			return failure(WebEndpointResponse.STATUS_BAD_REQUEST,
					"page is " + pageNumber + " but must be 0 or more: pages are numbered from 0.");
		}
		if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
			return failure(WebEndpointResponse.STATUS_BAD_REQUEST, "size is " + pageSize + " but must be from 1 to "
					+ MAX_PAGE_SIZE + ": ask for more pages instead (default " + DEFAULT_PAGE_SIZE + ").");
		}
		JobExecutionPages.Page found = this.pages.find(pageNumber, pageSize);
		List<JobExecutionPages.Summary> executions = found.executions()
			.stream()
			.map((execution) -> execution
				.withParameters(this.sanitizer.sanitize(execution.parameters(), securityContext)))
			.toList();
		return new WebEndpointResponse<>(
				new ExecutionsDescriptor(found.page(), found.size(), found.total(), executions));
	}

	/**
	 * Describes one job execution with its steps, partitions and attempts.
	 * @param securityContext who asks
	 * @param id the job execution id
	 * @return the execution, or 404 when there is none of that id
	 */
	@ReadOperation
	public WebEndpointResponse<OperationResponseBody> execution(SecurityContext securityContext, @Selector long id) {
		JobExecution execution = find(id);
		if (execution == null) {
			return failure(WebEndpointResponse.STATUS_NOT_FOUND, new JobExecutionNotFoundException(id).getMessage());
		}
		return new WebEndpointResponse<>(JobExecutionDetails.of(execution,
				(parameters) -> this.sanitizer.sanitize(parameters, securityContext)));
	}

	/**
	 * Restarts, stops or recovers a job execution, without waiting for it to run:
	 * {@code POST .../partita/<id>/restart}, {@code .../stop} or {@code .../recover}.
	 * @param id the job execution id
	 * @param operation {@code restart}, {@code stop} or {@code recover}
	 * @return 202 with the execution that runs (the new one for restart and recover, the
	 * stopping one for stop); 404 for an unknown execution, 409 when its state does not
	 * allow the operation, 400 for an unknown operation
	 */
	@WriteOperation
	public WebEndpointResponse<OperationResponseBody> operate(@Selector long id, @Selector String operation) {
		LongFunction<JobExecution> action = switch (operation) {
			case "restart" -> this.control::restart;
			case "stop" -> this.control::stop;
			case "recover" -> this.control::recover;
			default -> null;
		};
		if (action == null) {
			return failure(WebEndpointResponse.STATUS_BAD_REQUEST,
					"Unknown operation '" + operation + "': use restart, stop or recover.");
		}
		try {
			JobExecution result = action.apply(id);
			return new WebEndpointResponse<>(
					new OperationDescriptor(operation, id, result.getId(), result.getStatus().name()), STATUS_ACCEPTED);
		}
		catch (JobExecutionNotFoundException ex) {
			return failure(WebEndpointResponse.STATUS_NOT_FOUND, ex.getMessage());
		}
		catch (IllegalJobExecutionStateException ex) {
			return failure(STATUS_CONFLICT, ex.getMessage());
		}
	}

	private @Nullable JobExecution find(long id) {
		try {
			return (id > 0) ? this.jobRepository.getJobExecution(id) : null;
		}
		catch (EmptyResultDataAccessException ex) {
			// the JDBC job repository throws instead of returning null
			return null;
		}
	}

	private static WebEndpointResponse<OperationResponseBody> failure(int status, @Nullable String message) {
		return new WebEndpointResponse<>(new FailureDescriptor(status, String.valueOf(message)), status);
	}

	/**
	 * A page of job executions.
	 *
	 * @param page the page, from 0
	 * @param size executions per page
	 * @param total executions in the job repository
	 * @param executions the page's executions, newest first
	 */
	public record ExecutionsDescriptor(int page, int size, long total,
			List<JobExecutionPages.Summary> executions) implements OperationResponseBody {
	}

	/**
	 * What a write operation did.
	 *
	 * @param operation the operation
	 * @param jobExecutionId the execution it was asked of
	 * @param resultingExecutionId the execution that runs now: the new one after restart
	 * or recover, the same one after stop
	 * @param status the status of the resulting execution
	 */
	public record OperationDescriptor(String operation, long jobExecutionId, long resultingExecutionId,
			String status) implements OperationResponseBody {
	}

	/**
	 * Why a request was refused.
	 *
	 * @param status the HTTP status
	 * @param message what was wrong and what to do instead
	 */
	public record FailureDescriptor(int status, String message) implements OperationResponseBody {
	}

}
