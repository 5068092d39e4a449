package dev.aihc.kernel;

import dev.aihc.view.Chart;
import dev.aihc.experiment.Comparison;
import dev.aihc.experiment.SweepResult;
import dev.aihc.view.Table;
import dev.aihc.wire.JobItem;
import dev.aihc.insight.Diagnosis;
import dev.aihc.insight.Explanation;
import dev.aihc.client.JobResult;
import dev.aihc.client.OutputSink;
import dev.aihc.insight.Preflight;
import dev.aihc.insight.Progress;
import dev.aihc.client.RequestPreview;
import dev.aihc.client.Run;
import dev.aihc.insight.Series;
import dev.aihc.dsl.Difference;
import dev.aihc.dsl.Job;
import dev.aihc.dsl.Problem;
import dev.aihc.dsl.Problems;
import dev.aihc.kernel.html.ChartHtml;
import dev.aihc.kernel.html.LiveHtml;
import dev.aihc.kernel.html.DiagnosisHtml;
import dev.aihc.kernel.html.DiffHtml;
import dev.aihc.kernel.html.JobHtml;
import dev.aihc.kernel.html.JobItemHtml;
import dev.aihc.kernel.html.PreviewHtml;
import dev.aihc.kernel.html.ProblemsHtml;
import dev.aihc.kernel.html.RecordsHtml;
import dev.aihc.kernel.html.ResultHtml;
import dev.aihc.kernel.html.RunHtml;
import dev.aihc.kernel.html.WhyHtml;
import dev.aihc.kernel.html.TableHtml;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.RenderContext;
import io.github.spencerpark.jupyter.kernel.display.Renderer;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Everything that touches IJava's API (jupyter-jvm-basekernel 2.3.0): renderer registration and
 * displays. Loaded only after {@link Notebook} has found a running kernel.
 */
final class IJavaSupport {
  private IJavaSupport() {}

  static OutputSink install(Object kernelInstance) {
    BaseKernel kernel = (BaseKernel) kernelInstance;
    register(kernel.getRenderer());
    return new NotebookSink(new KernelDisplays(kernel));
  }

  /**
   * Registers the HTML views unless {@code renderer} already has them. Registration appends and cannot
   * be undone, so the check (does a Job already render as HTML?) keeps a re-run cell from stacking
   * duplicates; it asks the renderer itself, so no static state is needed.
   *
   * @return whether anything was registered
   */
  static boolean register(Renderer renderer) {
    if (renderer.render(Job.named("probe")).hasDataForType(MIMEType.TEXT_HTML)) return false;
    html(renderer, Job.class, JobHtml::render);
    html(renderer, Problems.class, ProblemsHtml::render);
    html(renderer, Run.class, RunHtml::render);
    html(renderer, JobItem.class, JobItemHtml::render);
    html(renderer, JobResult.class, ResultHtml::render);
    html(renderer, Diagnosis.class, DiagnosisHtml::render);
    html(renderer, Explanation.class, WhyHtml::render);
    html(renderer, Preflight.class, WhyHtml::render);
    html(renderer, RequestPreview.class, PreviewHtml::render);
    html(renderer, Chart.class, ChartHtml::render);
    html(renderer, Series.class, ChartHtml::render);
    html(renderer, Comparison.class, TableHtml::render);
    html(renderer, SweepResult.class, TableHtml::render);
    html(renderer, Table.class, TableHtml::render);
    html(renderer, Progress.class, LiveHtml::bar);
    // An Optional answer (run.progress(), result.diagnosis()) shows the card of what it holds, its text
    // what that shows as text; an empty one says so in words. An Optional of anything without a view of
    // ours keeps its plain text.
    renderer.createRegistration(Optional.class).preferring(MIMEType.TEXT_HTML).supporting(MIMEType.TEXT_PLAIN)
        .register((optional, context) -> {
          if (optional.isEmpty()) {
            context.renderIfRequested(MIMEType.TEXT_HTML, () -> "<div class=\"aihc-none\" style=\"color:#8c959f\">"
                + "none yet</div>");
            context.renderIfRequested(MIMEType.TEXT_PLAIN, () -> "none yet (Optional.empty)");
            return;
          }
          DisplayData inner = renderer.render(optional.get());
          Object html = inner.getData(MIMEType.TEXT_HTML);
          if (html != null) context.renderIfRequested(MIMEType.TEXT_HTML, () -> html);
          context.renderIfRequested(MIMEType.TEXT_PLAIN, () -> html != null ? inner.getData(MIMEType.TEXT_PLAIN)
              : optional.toString());
        });
    // Lists are registered once for all element types: jobs, problems, diffs and records of one type get
    // a table, any other list keeps its plain text.
    renderer.createRegistration(List.class).preferring(MIMEType.TEXT_HTML)
        .register((list, context) -> {
          String html = listHtml(list);
          if (html != null) context.renderIfRequested(MIMEType.TEXT_HTML, () -> withoutMath(html));
        });
    return true;
  }

  private static <T> void html(Renderer renderer, Class<T> type, Function<T, String> view) {
    renderer.createRegistration(type).preferring(MIMEType.TEXT_HTML)
        .register((T value, RenderContext context) -> context.renderIfRequested(MIMEType.TEXT_HTML,
            () -> withoutMath(view.apply(value))));
  }

  /**
   * {@code html} inside an element MathJax leaves alone. The front ends typeset text between two {@code $}
   * in HTML outputs as math: a shell command such as {@code echo $LR; ls $HOME} would show in italics with
   * its spaces gone. The classic Notebook (MathJax 2) skips elements of class {@code tex2jax_ignore},
   * JupyterLab and Notebook 7 (MathJax 3) those of class {@code mathjax_ignore}.
   */
  static String withoutMath(String html) {
    return "<div class=\"tex2jax_ignore mathjax_ignore\">" + html + "</div>";
  }

  /** The table of a non-empty list whose elements are all jobs, problems, differences or records of one type; else null. */
  @SuppressWarnings("unchecked")
  static String listHtml(List<?> list) {
    if (list.isEmpty()) return null;
    if (all(list, JobItem.class)) return JobItemHtml.table((List<JobItem>) list);
    if (all(list, Problem.class)) return ProblemsHtml.render((List<Problem>) list);
    if (all(list, Difference.class)) return DiffHtml.render((List<Difference>) list);
    if (all(list, Chart.class)) return ((List<Chart>) list).stream().map(ChartHtml::render).collect(Collectors.joining());
    return RecordsHtml.table(list).orElse(null);
  }

  private static boolean all(List<?> list, Class<?> type) {
    return list.stream().allMatch(type::isInstance);
  }

  /** Displays through the kernel's display stream; dropped silently when no cell is running. */
  private static final class KernelDisplays implements Displays {
    private final BaseKernel kernel;

    KernelDisplays(BaseKernel kernel) {
      this.kernel = kernel;
    }

    @Override
    public String show(String html, String text) {
      String id = java.util.UUID.randomUUID().toString();
      kernel.display(data(id, html, text));
      return id;
    }

    @Override
    public void update(String id, String html, String text) {
      kernel.getIO().display.updateDisplay(id, data(id, html, text));
    }

    @Override
    public String html(Object value) {
      DisplayData data = kernel.getRenderer().render(value);
      Object html = data.getData(MIMEType.TEXT_HTML);
      return html != null ? html.toString() : TableHtml.preformatted(String.valueOf(data.getData(MIMEType.TEXT_PLAIN)));
    }

    private static DisplayData data(String id, String html, String text) {
      DisplayData data = new DisplayData(text);
      data.putHTML(withoutMath(html));
      data.setDisplayId(id);
      return data;
    }
  }
}
