package dev.aihc.kernel.html;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aihc.dsl.Difference;
import dev.aihc.dsl.Job;
import dev.aihc.dsl.Problems;
import java.util.List;
import org.junit.jupiter.api.Test;

final class ProblemsHtmlTest {
  private static final Job JOB = Job.named("ok").queue("default").image("a/b:1").command("python t.py");

  @Test
  void givenErrorsAndWarnings_whenRendered_thenOneRowEachWithSeverityFieldMessageAndFix() {
    // given
    Problems problems = JOB.name("Bad_Name").bccl().validate();

    // when
    String html = ProblemsHtml.render(problems);

    // then
    assertThat(html).contains(">invalid<", "1 error, ");
    assertThat(html.split("<tr class=\"aihc-", -1)).hasSize(problems.size() + 1);
    assertThat(html).contains(">ERROR<", ">WARNING<", ">name<", ">enableBccl<",
        "but was &#39;Bad_Name&#39;", "Use a name like &quot;bad-name&quot;");
    assertThat(html.indexOf(">ERROR<")).isLessThan(html.indexOf(">WARNING<"));
  }

  @Test
  void givenCleanJob_whenRendered_thenSaysSoWithoutATable() {
    // when
    String html = ProblemsHtml.render(JOB.validate());

    // then
    assertThat(html).contains(">valid<", "no problems").doesNotContain("<table");
  }

  @Test
  void givenOnlyWarnings_whenRendered_thenValidWithWarnings() {
    // when
    String html = ProblemsHtml.render(JOB.bccl().validate().warnings());

    // then
    assertThat(html).contains("valid with warnings").doesNotContain(">ERROR<");
  }

  @Test
  void givenTwoJobs_whenDiffRendered_thenFieldBeforeAndAfterAreListedAndUnsetIsMarked() {
    // given
    List<Difference> diff = JOB.diff(JOB.replicas(4).env("NCCL_DEBUG", "INFO"));

    // when
    String html = DiffHtml.render(diff);

    // then
    assertThat(html).contains(diff.size() + " fields differ", ">jobSpec.replicas<", ">1<", ">4<", "(unset)");
    assertThat(DiffHtml.render(List.of())).contains("the jobs are equal").doesNotContain("<table");
  }
}
