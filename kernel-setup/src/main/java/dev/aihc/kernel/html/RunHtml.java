package dev.aihc.kernel.html;

import static dev.aihc.kernel.html.Html.escape;

import dev.aihc.wire.JobItem;
import dev.aihc.wire.JobStatus;
import dev.aihc.client.Run;
import java.util.Objects;

/**
 * A {@link Run} as a status card, from a fresh {@code describe()}: status badge, reason, timeline and
 * pods, and for a failed job its {@link dev.aihc.insight.Diagnosis}, for a waiting one why it waits. When the call fails (engine stopped, network down, no credentials) the card shows the error
 * instead: showing a run never throws.
 */
public final class RunHtml {
  private RunHtml() {}

  /** Describes the run (one API call) and renders it; a failed call becomes an error card. */
  public static String render(Run run) {
    Objects.requireNonNull(run, "run");
    JobItem job;
    try {
      job = run.describe();
    } catch (RuntimeException e) { // AihcException, and anything a broken credentials provider throws
      return error(run, e);
    }
    if (job.status() != JobStatus.FAILED && job.status() != JobStatus.CREATED) return render(job);
    String more;
    try {
      more = job.status() == JobStatus.FAILED ? run.diagnosis().map(DiagnosisHtml::render).orElse("")
          : WhyHtml.render(run.why());
    } catch (RuntimeException e) { // the card still shows what describe() said
      more = "";
    }
    return "<div class=\"aihc-run\" style=\"" + Html.CARD + "\">" + JobItemHtml.body(job) + more + "</div>";
  }

  /** The card of an already described job. */
  public static String render(JobItem job) {
    return JobItemHtml.render(job);
  }

  /** The card saying why {@code run} could not be described. */
  static String error(Run run, RuntimeException e) {
    return "<div class=\"aihc-run aihc-run-error\" style=\"" + Html.CARD + ";" + Html.ERROR_ROW + "\">"
        + "<div style=\"font-weight:600\">" + Html.badge("unavailable", "#ffebe9", "#a40e26") + " "
        + escape(run.toString()) + "</div>"
        + "<div style=\"margin-top:2px\">" + escape("Cannot describe the job: " + message(e)) + "</div></div>";
  }

  private static String message(RuntimeException e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null || m.isEmpty() ? "" : ": " + m);
  }
}
