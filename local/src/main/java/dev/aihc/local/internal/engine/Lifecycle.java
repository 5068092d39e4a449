package dev.aihc.local.internal.engine;

import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;

/**
 * What becomes of a job's replicas once started, as {@link JobStart} and {@link Recovery} hand them
 * on: followed to their end, and that end recorded; a job failed or stopped; a deleted job's directory
 * removed. The {@link ReplicaLifecycle} does it, on the loop.
 */
public interface Lifecycle {
  /**
   * Follows a replica process until it exits; {@code exitCode} yields null when the code is unknown.
   * Its log is watched from {@code indexedSize} bytes, written before {@code sinceMillis}.
   */
  void follow(String jobId, String podName, long pgid, CompletableFuture<Integer> exitCode, long indexedSize,
      long sinceMillis) throws SQLException;

  /**
   * Records a replica's end, saying how it ended with {@code exitText} ("exited with code 3", "lost while
   * the engine was down"), and what that means for its job.
   */
  void onEnd(String jobId, String podName, Integer exitCode, String exitText) throws SQLException;

  /** Fails a job for {@code reason}: Pending pods never start, running ones are terminated. */
  void fail(String jobId, String reason) throws SQLException;

  /** Stops a job for {@code reason}: SIGTERM to each replica's group, SIGKILL after the grace period. */
  void stopOnLoop(String jobId, String reason) throws SQLException;

  /**
   * Ends the replicas of a job that was stopped, failed or deleted while they started (they are
   * followed already), and removes a deleted job's directory once nothing runs in it.
   */
  void endLateStarts(String jobId) throws SQLException;

  /** Deletes {@code <home>/jobs/<jobId>} with its working directories and logs. */
  void removeDirectory(String jobId);
}
