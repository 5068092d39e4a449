package dev.aihc.dsl;

import java.util.Objects;

/**
 * {@code tensorboardConfig}: whether AIHC starts TensorBoard for the job, and on which log path.
 *
 * @param enable whether TensorBoard is started
 * @param logPath the event-file directory as the replicas see it (absolute)
 */
public record Tensorboard(boolean enable, String logPath) {
  /** Checks the path is present. */
  public Tensorboard {
    Objects.requireNonNull(logPath, "logPath");
  }

  @Override
  public String toString() {
    return (enable ? "on " : "off ") + logPath;
  }
}
