package dev.aihc.kernel.html;

import static dev.aihc.kernel.html.Html.escape;

import dev.aihc.client.JobResult;
import java.util.Objects;

/** How a job ended ({@link JobResult}): status badge, job, reason and how long the wait took. */
public final class ResultHtml {
  private ResultHtml() {}

  /** One line: badge, name and id, reason, time waited; a failure's diagnosis below it. */
  public static String render(JobResult result) {
    Objects.requireNonNull(result, "result");
    String reason = result.reason() == null || result.reason().isEmpty() ? "" : " — " + escape(result.reason());
    return "<div class=\"aihc-result\" style=\"" + Html.CARD + "\">" + Html.statusBadge(result.status()) + " <b>"
        + escape(result.name()) + "</b> " + Html.muted(result.jobId()) + reason + " "
        + Html.muted("(" + LiveHtml.elapsed(result.waited()) + ")")
        + result.diagnosis().map(DiagnosisHtml::render).orElse("") + "</div>";
  }
}
