package dev.aihc.kernel.html;

import static dev.aihc.kernel.html.Html.cell;
import static dev.aihc.kernel.html.Html.code;
import static dev.aihc.kernel.html.Html.escape;
import static dev.aihc.kernel.html.Html.muted;

import dev.aihc.dsl.Datasource;
import dev.aihc.dsl.FaultTolerance;
import dev.aihc.dsl.Job;
import dev.aihc.dsl.Problem;
import dev.aihc.dsl.Problems;
import dev.aihc.dsl.Resource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A {@link Job} as an HTML card: its settings, resources, data sources and fault tolerance, with the
 * rows that have validation problems highlighted and every problem listed below. The image password
 * never appears (only {@code ****}).
 */
public final class JobHtml {
  private JobHtml() {}

  /** The card of {@code job}; every value is HTML-escaped. */
  public static String render(Job job) {
    Objects.requireNonNull(job, "job");
    Problems problems = job.validate();
    StringBuilder s = new StringBuilder("<div class=\"aihc-job\" style=\"" + Html.CARD + "\">");
    s.append(header(job, problems));
    s.append("<table class=\"aihc-job-fields\" style=\"").append(Html.TABLE).append("\">");
    Rows rows = new Rows(s, problems);
    rows.add("name", code(job.name()), "name");
    rows.add("queue", orUnset(job.queue()) + job.pool().map(p -> " in pool " + code(p)).orElse(""), "queue");
    rows.add("image", orUnset(job.image())
        + job.imageAuth().map(a -> " " + muted("(login " + a.username() + " / ****)")).orElse(""),
        "jobSpec.image", "jobSpec.imageConfig");
    rows.add("replicas", escape(String.valueOf(job.replicas())), "jobSpec.replicas");
    rows.add("command", job.command() == null ? muted("(unset)") : code(job.command()), "command");
    rows.add("resources", resources(job.resources()), "jobSpec.resources");
    if (!job.envs().isEmpty()) {
      rows.add("envs", code(job.envs().stream().map(Object::toString).collect(Collectors.joining("  "))), "jobSpec.envs");
    }
    String network = network(job);
    if (!network.isEmpty()) rows.add("network", escape(network), "jobSpec.enableRDMA", "jobSpec.hostNetwork", "enableBccl");
    job.priority().ifPresent(p -> rows.add("priority", escape(p.wireName()), "priority"));
    if (!job.labels().isEmpty()) {
      rows.add("labels", code(job.labels().stream().map(Object::toString).collect(Collectors.joining("  "))), "labels");
    }
    if (job.isFaultTolerance()) {
      rows.add("fault tolerance", faultTolerance(job.faultToleranceArgs().orElse(FaultTolerance.NONE)),
          "faultTolerance", "faultToleranceArgs");
    }
    job.tensorboard().ifPresent(t -> rows.add("tensorboard", code(t.toString()), "tensorboardConfig"));
    job.alert().ifPresent(a -> rows.add("alert", escape(a.toString()), "alertConfig"));
    job.retentionPeriod().ifPresent(r -> rows.add("retention", escape(r), "retentionPeriod"));
    rows.add("jobType", escape(job.jobType().wireName()), "jobType");
    s.append("</table>");
    s.append(datasources(job.datasources(), problems));
    s.append(ProblemsHtml.table(problems.all()));
    return s.append("</div>").toString();
  }

  private static String header(Job job, Problems problems) {
    String badge = problems.hasErrors() ? Html.badge(ProblemsHtml.count(problems.all()), "#ffebe9", "#a40e26")
        : problems.isEmpty() ? Html.badge("valid", "#dafbe1", "#116329")
        : Html.badge("valid, " + ProblemsHtml.count(problems.all()), "#fff8c5", "#7d4e00");
    return "<div style=\"font-size:14px;font-weight:600;margin-bottom:4px\">Job " + escape(job.name()) + " "
        + muted(job.jobType().wireName()) + " " + badge + "</div>";
  }

  private static String orUnset(String value) {
    return value == null ? muted("(unset)") : code(value);
  }

  private static String resources(List<Resource> resources) {
    if (resources.isEmpty()) return muted("none per replica");
    return escape(resources.stream().map(Resource::toString).collect(Collectors.joining(", "))) + " "
        + muted("per replica");
  }

  private static String network(Job job) {
    List<String> flags = new ArrayList<>();
    if (job.isRdma()) flags.add("RDMA");
    if (job.isHostNetwork()) flags.add("host network");
    if (job.isBccl()) flags.add("BCCL");
    return String.join(", ", flags);
  }

  private static String faultTolerance(FaultTolerance ft) {
    List<String> parts = new ArrayList<>();
    if (ft.isReplace()) parts.add("replace faulty instance or node");
    if (ft.isHangDetection()) {
      String tuning = List.of(
              ft.logTimeout().map(d -> "no log for " + minutes(d)),
              ft.stackTimeout().map(d -> "stacks unchanged for " + minutes(d)),
              ft.startupToleration().map(d -> "after " + minutes(d) + " grace"))
          .stream().flatMap(java.util.Optional::stream).collect(Collectors.joining(", "));
      parts.add("hang detection" + (tuning.isEmpty() ? "" : " (" + tuning + ")"));
    }
    ft.unconditionalRetries().ifPresent(n -> parts.add(n + (n == 1 ? " unconditional retry" : " unconditional retries")));
    ft.logPatterns().forEach(p -> parts.add("fail on log pattern " + p));
    ft.unknownFlags().forEach(f -> parts.add("unknown flag " + f));
    String text = parts.isEmpty() ? "on" : String.join("; ", parts);
    String flags = ft.toFlags();
    return escape(text) + (flags.isEmpty() ? "" : "<br>" + code(flags));
  }

  private static String minutes(Duration d) {
    return d.toMinutes() + " min";
  }

  private static String datasources(List<Datasource> sources, Problems problems) {
    if (sources.isEmpty()) return "";
    StringBuilder s = new StringBuilder("<div style=\"font-weight:600;margin-top:6px\">Data sources</div>");
    s.append("<table class=\"aihc-datasources\" style=\"").append(Html.TABLE).append("\">")
        .append(Html.headerRow("type", "source", "mounted at", "access"));
    for (int i = 0; i < sources.size(); i++) {
      Datasource d = sources.get(i);
      List<Problem> about = problems.about("datasources[" + i + "]");
      s.append("<tr style=\"").append(Html.rowStyle(about)).append("\"").append(title(about)).append(">")
          .append(cell(escape(Objects.toString(d.type(), "?"))))
          .append(cell(code(source(d))))
          .append(cell(d.mountPath() == null ? muted("(unset)") : code(d.mountPath())))
          .append(cell(escape(d.isReadOnly() ? "read-only" : "read-write")))
          .append("</tr>");
    }
    return s.append("</table>").toString();
  }

  private static String source(Datasource d) {
    if (d.id() != null) return d.id() + (d.datasetVersion() == null ? "" : "@" + d.datasetVersion());
    String name = d.name() == null ? "" : d.name();
    String path = d.sourcePath() == null ? "" : d.sourcePath();
    return name.isEmpty() ? path : path.isEmpty() ? name : name + ":" + path;
  }

  /** A tooltip with the problems of a row, so the highlight explains itself. */
  static String title(List<Problem> about) {
    if (about.isEmpty()) return "";
    return " title=\"" + escape(about.stream().map(Problem::toString).collect(Collectors.joining("\n"))) + "\"";
  }

  /** Field rows of the card; a row turns red or amber when a problem is about one of its wire fields. */
  private static final class Rows {
    private final StringBuilder out;
    private final Problems problems;

    Rows(StringBuilder out, Problems problems) {
      this.out = out;
      this.problems = problems;
    }

    void add(String label, String valueHtml, String... fields) {
      List<Problem> about = new ArrayList<>();
      for (String f : fields) about.addAll(problems.about(f));
      out.append("<tr style=\"").append(Html.rowStyle(about)).append("\"").append(title(about)).append(">")
          .append("<th style=\"").append(Html.TH).append("\">").append(escape(label)).append("</th>")
          .append(cell(valueHtml)).append("</tr>");
    }
  }
}
