package dev.aihc.local.internal.store;

import dev.aihc.wire.JobStatus;

/**
 * A DescribeJobs query. Null filters match everything.
 *
 * @param resourcePoolId the pool, or null
 * @param queue the queue, or null
 * @param status the status, or null
 * @param keyword a substring, or null
 * @param keywordOnQueue whether the keyword matches the queue (else the name)
 * @param byFinishedAt order by finish time (else creation time)
 * @param ascending oldest first
 * @param offset rows to skip
 * @param limit rows to return
 */
public record JobQuery(String resourcePoolId, String queue, JobStatus status, String keyword, boolean keywordOnQueue,
    boolean byFinishedAt, boolean ascending, int offset, int limit) {}
