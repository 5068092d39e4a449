package dev.aihc.local.internal.store;

import dev.aihc.wire.JobStatus;

/**
 * One job as stored.
 *
 * @param jobId {@code job-} + 12 alphanumerics
 * @param name the job name (names may repeat)
 * @param status the job status
 * @param reason why it is in this status
 * @param resourcePoolId the pool from the CreateJob query
 * @param queueId the queue
 * @param priority high, normal or low
 * @param jobType the CreateJob jobType, such as {@code PyTorchJob}
 * @param command the start command
 * @param body the normalised CreateJob body with the image password masked
 * @param masterPort the MASTER_PORT its replicas share, once launched
 * @param createdAt epoch millis
 * @param finishedAt epoch millis, null while not terminal
 */
public record JobRow(String jobId, String name, JobStatus status, String reason, String resourcePoolId, String queueId,
    String priority, String jobType, String command, String body, Integer masterPort, long createdAt,
    Long finishedAt) {}
