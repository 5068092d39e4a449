package dev.aihc.dsl;

/** How bad a {@link Problem} is. */
public enum Severity {
  /** The job would be refused or could not run as written: submission is refused. */
  ERROR,
  /** The job is accepted, but something in it will not do what it seems to. */
  WARNING
}
