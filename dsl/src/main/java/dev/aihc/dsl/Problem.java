package dev.aihc.dsl;

import java.util.Objects;

/**
 * One thing wrong with a job: where (a CreateJob field path such as {@code jobSpec.replicas}), what,
 * and how to fix it.
 *
 * @param severity ERROR refuses submission, WARNING does not
 * @param field the wire field path, such as {@code datasources[1].mountPath}
 * @param message what is wrong, without a trailing period
 * @param fix what to do about it
 */
public record Problem(Severity severity, String field, String message, String fix) {
  /** Checks every component is present. */
  public Problem {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(fix, "fix");
  }

  /** An ERROR. */
  public static Problem error(String field, String message, String fix) {
    return new Problem(Severity.ERROR, field, message, fix);
  }

  /** A WARNING. */
  public static Problem warning(String field, String message, String fix) {
    return new Problem(Severity.WARNING, field, message, fix);
  }

  /** Whether this is an ERROR. */
  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** {@code ERROR jobSpec.replicas: replicas must be >= 1 but was 0. Use replicas(1) ...}. */
  @Override
  public String toString() {
    String fixText = fix.isEmpty() || fix.endsWith(".") ? fix : fix + ".";
    return severity + " " + field + ": " + message + ". " + fixText;
  }
}
