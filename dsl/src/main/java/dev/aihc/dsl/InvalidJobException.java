package dev.aihc.dsl;

/** Thrown when a job with validation errors is submitted; it lists every problem. */
public final class InvalidJobException extends AihcException {
  private static final long serialVersionUID = 1L;
  private final transient Problems problems;

  /** A refusal of the job {@code jobName} because of {@code problems}. */
  public InvalidJobException(String jobName, Problems problems) {
    super(message(jobName, problems));
    this.problems = problems;
  }

  private static String message(String jobName, Problems problems) {
    int errors = problems.errors().size();
    return "job '" + jobName + "' has " + errors + (errors == 1 ? " error" : " errors")
        + " and was not submitted:\n" + problems;
  }

  /** Every problem of the refused job, warnings included. */
  public Problems problems() {
    return problems;
  }
}
