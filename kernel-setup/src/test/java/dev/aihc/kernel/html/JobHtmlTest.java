package dev.aihc.kernel.html;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aihc.dsl.Gpu;
import dev.aihc.dsl.Job;
import dev.aihc.dsl.Priority;
import java.time.Duration;
import org.junit.jupiter.api.Test;

final class JobHtmlTest {
  private static final Job GOOD = Job.named("bert-sft").queue("default")
      .image("registry.baidubce.com/x/pytorch:2.1").replicas(2).gpus(Gpu.A800, 8).cpu(64).memory(512)
      .rdma().pfs("pfs-pxE6jz", "/mnt/cluster").hostPath("/data/ckpt", "/mnt/ckpt").priority(Priority.HIGH)
      .faultTolerance(ft -> ft.replace().hangDetection(Duration.ofMinutes(7), Duration.ofMinutes(15),
          Duration.ofMinutes(3)).unconditionalRetries(2))
      .command("torchrun --nproc_per_node=8 train.py");

  @Test
  void givenValidJob_whenRendered_thenCardShowsFieldsResourcesSourcesAndFaultTolerance() {
    // when
    String html = JobHtml.render(GOOD);

    // then
    assertThat(html).startsWith("<div class=\"aihc-job\"").endsWith("</div>")
        .contains("Job bert-sft", ">valid<", "default", "registry.baidubce.com/x/pytorch:2.1", ">2<",
            "8 × baidu.com/a800_80g_cgpu", "cpu 64", "memory 512 GB", "RDMA", "high",
            "torchrun --nproc_per_node=8 train.py")
        .contains("Data sources", "pfs-pxE6jz:/", "/mnt/cluster", "/data/ckpt", "/mnt/ckpt")
        .contains("replace faulty instance or node", "hang detection (no log for 7 min", "2 unconditional retries",
            "--enable-replace=true")
        .doesNotContain("aihc-problem-table", Html.ERROR_ROW, Html.WARNING_ROW);
  }

  @Test
  void givenImagePassword_whenRendered_thenOnlyTheMaskShows() {
    // given
    Job job = GOOD.imageAuth("robot", "s3cr3t-P@ss");

    // when
    String html = JobHtml.render(job);

    // then
    assertThat(html).contains("login robot / ****").doesNotContain("s3cr3t");
  }

  @Test
  void givenInvalidJob_whenRendered_thenProblemRowsAreHighlightedAndListed() {
    // given: two errors (name, replicas) and a BCCL warning (replicas < 2)
    Job bad = GOOD.name("BERT_sft").replicas(0).bccl();

    // when
    String html = JobHtml.render(bad);

    // then
    assertThat(html).contains("2 errors, 1 warning", "aihc-problem-table", "aihc-error", "aihc-warning",
        "jobSpec.replicas", "replicas must be &gt;= 1 but was 0", "Use replicas(1) for a single-node job");
    assertThat(rowOf(html, "replicas")).contains(Html.ERROR_ROW).contains("title=\"ERROR jobSpec.replicas");
    assertThat(rowOf(html, "network")).contains(Html.WARNING_ROW);
    assertThat(rowOf(html, "command")).doesNotContain(Html.ERROR_ROW, Html.WARNING_ROW);
  }

  @Test
  void givenBadMountPath_whenRendered_thenItsDataSourceRowIsHighlighted() {
    // given
    Job job = GOOD.hostPath("/data/logs", "relative/path");

    // when
    String html = JobHtml.render(job);

    // then
    int row = html.indexOf("relative/path");
    String tr = html.substring(html.lastIndexOf("<tr", row), row);
    assertThat(tr).contains(Html.ERROR_ROW).contains("datasources[2].mountPath");
  }

  @Test
  void givenMarkupInValues_whenRendered_thenEverythingIsEscaped() {
    // given
    Job job = Job.named("x").queue("<script>alert('q')</script>").image("a/b:1")
        .command("echo \"<b>hi</b>\" && rm -rf /tmp/x").env("A", "<img src=x onerror=alert(1)>");

    // when
    String html = JobHtml.render(job);

    // then
    assertThat(html).doesNotContain("<script>", "<b>hi", "<img")
        .contains("&lt;script&gt;alert(&#39;q&#39;)&lt;/script&gt;", "echo &quot;&lt;b&gt;hi&lt;/b&gt;&quot; &amp;&amp; rm",
            "A=&lt;img src=x onerror=alert(1)&gt;");
  }

  @Test
  void givenUnsetRequiredFields_whenRendered_thenTheyShowAsUnset() {
    // when
    String html = JobHtml.render(Job.named("empty"));

    // then
    assertThat(rowOf(html, "queue")).contains("(unset)").contains(Html.ERROR_ROW);
    assertThat(rowOf(html, "image")).contains("(unset)");
    assertThat(rowOf(html, "command")).contains("(unset)");
  }

  /** The table row whose header cell is {@code label}. */
  static String rowOf(String html, String label) {
    int th = html.indexOf(">" + label + "</th>");
    assertThat(th).as("row %s", label).isPositive();
    int start = html.lastIndexOf("<tr", th);
    return html.substring(start, html.indexOf("</tr>", th));
  }
}
