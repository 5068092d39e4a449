package dev.aihc.client;

import dev.aihc.wire.JobStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Filters for {@link AihcClient#jobs(java.util.function.UnaryOperator)}, named after DescribeJobs'
 * fields: {@code q -> q.status(JobStatus.RUNNING).name("bert")}. Every step returns a new value.
 *
 * @param status only jobs in this status, or null
 * @param nameKeyword only jobs whose name contains this, or null
 * @param queue only jobs of this queue, or null
 * @param pageSize jobs per page (AIHC's default is 10)
 */
public record JobQuery(JobStatus status, String nameKeyword, String queue, int pageSize) {
  /** Every job, 50 a page. */
  public static final JobQuery ALL = new JobQuery(null, null, null, 50);

  /** Checks the page size. */
  public JobQuery {
    if (pageSize < 1) throw new IllegalArgumentException("pageSize must be >= 1 but was " + pageSize);
  }

  /** Only jobs in {@code status}. */
  public JobQuery status(JobStatus status) {
    return new JobQuery(status, nameKeyword, queue, pageSize);
  }

  /** Only jobs whose name contains {@code keyword}. */
  public JobQuery name(String keyword) {
    return new JobQuery(status, keyword, queue, pageSize);
  }

  /** Only jobs of {@code queue}. */
  public JobQuery queue(String queue) {
    return new JobQuery(status, nameKeyword, queue, pageSize);
  }

  /** {@code n} jobs a page. */
  public JobQuery pageSize(int n) {
    return new JobQuery(status, nameKeyword, queue, n);
  }

  /** The DescribeJobs body for page {@code pageNumber} (1-based), newest first. */
  Map<String, Object> body(int pageNumber) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (queue != null) body.put("queue", queue);
    if (status != null) body.put("status", status.wireName());
    if (nameKeyword != null) {
      body.put("keywordType", "name");
      body.put("keyword", nameKeyword);
    }
    body.put("orderBy", "createdAt");
    body.put("order", "desc");
    body.put("pageNumber", pageNumber);
    body.put("pageSize", pageSize);
    return body;
  }
}
