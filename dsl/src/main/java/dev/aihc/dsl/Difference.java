package dev.aihc.dsl;

/**
 * One field that differs between two jobs, from {@link Job#diff(Job)}. Secrets show as {@code ****}.
 *
 * @param field the wire field path, such as {@code jobSpec.replicas}
 * @param before the value in the receiver, or {@code null} when unset there
 * @param after the value in the other job, or {@code null} when unset there
 */
public record Difference(String field, String before, String after) {
  /** {@code jobSpec.replicas: 1 -> 2}; an unset side shows as {@code (unset)}. */
  @Override
  public String toString() {
    return field + ": " + (before == null ? "(unset)" : before) + " -> "
        + (after == null ? "(unset)" : after);
  }
}
