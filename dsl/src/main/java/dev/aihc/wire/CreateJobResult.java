package dev.aihc.wire;

/**
 * CreateJob's answer.
 *
 * @param requestId the request id
 * @param jobId the new job's id
 * @param jobName its name
 */
public record CreateJobResult(String requestId, String jobId, String jobName) {}
