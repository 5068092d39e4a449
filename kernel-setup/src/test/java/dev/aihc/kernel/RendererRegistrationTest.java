package dev.aihc.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aihc.client.JobResult;
import dev.aihc.wire.JobStatus;
import dev.aihc.dsl.Job;
import dev.aihc.insight.Progress;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.Renderer;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registration as IJava sees it: a real basekernel {@link Renderer}, as its own RendererTest uses it. */
final class RendererRegistrationTest {
  private static final String NO_MATH = "<div class=\"tex2jax_ignore mathjax_ignore\">";
  private static final Job JOB = Job.named("bert-sft").queue("default").image("a/b:1").command("python t.py");

  @Test
  void givenRegisteredRenderer_whenJobRendered_thenHtmlCardAndPlainTextFromToString() {
    // given
    Renderer renderer = new Renderer();
    IJavaSupport.register(renderer);

    // when
    DisplayData data = renderer.render(JOB);

    // then
    assertThat((String) data.getData(MIMEType.TEXT_HTML)).startsWith(NO_MATH + "<div class=\"aihc-job\"")
        .contains("Job bert-sft");
    assertThat(data.getData(MIMEType.TEXT_PLAIN)).isEqualTo(JOB.toString());
  }

  @Test
  void givenCommandWithDollars_whenJobRendered_thenTheCardIsInsideAnElementMathJaxLeavesAlone() {
    // given: two $ that MathJax would typeset as math, in the classic Notebook (MathJax 2) and Lab (MathJax 3)
    Renderer renderer = new Renderer();
    IJavaSupport.register(renderer);
    Job job = JOB.command("echo \"LR=$LR\"; ls $HOME");

    // when
    String html = html(renderer, job);

    // then: one element of both ignore classes encloses all of it
    assertThat(html).startsWith(NO_MATH).endsWith("</div></div>").contains("echo &quot;LR=$LR&quot;; ls $HOME");
    assertThat(html(renderer, JOB.diff(job))).as("a list's table").startsWith(NO_MATH).contains("ls $HOME");
  }

  @Test
  void givenRegisteredRenderer_whenProblemsResultAndListsRendered_thenEachGetsItsView() {
    // given
    Renderer renderer = new Renderer();
    IJavaSupport.register(renderer);
    Job bad = JOB.replicas(0);

    // when / then
    assertThat(html(renderer, bad.validate())).contains("aihc-problem-table");
    assertThat(html(renderer, bad.validate().errors())).contains("aihc-problem-table");
    assertThat(html(renderer, JOB.diff(bad))).contains("aihc-diff-table");
    assertThat(html(renderer, new JobResult("job-1", "bert-sft", JobStatus.SUCCEEDED, "", Duration.ofSeconds(3))))
        .contains(">Succeeded<");
    assertThat(html(renderer, List.of(new JobResult("job-1", "bert-sft", JobStatus.SUCCEEDED, "", Duration.ZERO))))
        .contains("aihc-record-table", "1 × JobResult", ">waited</th>");
    assertThat(renderer.render(List.of(1, 2)).getData(MIMEType.TEXT_HTML)).isNull();
    assertThat(renderer.render(List.of()).getData(MIMEType.TEXT_PLAIN)).isEqualTo("[]");
  }

  @Test
  void givenOptionalAnswers_whenRendered_thenTheCardOfWhatTheyHoldOrNoneYet() {
    // given
    Renderer renderer = new Renderer();
    IJavaSupport.register(renderer);
    Progress progress = new Progress(2, 5, "epoch", java.util.Optional.empty(), "master-0", "epoch 2/5");

    // when
    DisplayData held = renderer.render(java.util.Optional.of(progress));
    DisplayData none = renderer.render(java.util.Optional.empty());
    DisplayData other = renderer.render(java.util.Optional.of(42));

    // then
    assertThat((String) held.getData(MIMEType.TEXT_HTML)).contains("aihc-progress-bar", "40.0%", "epoch 2/5");
    assertThat(held.getData(MIMEType.TEXT_PLAIN)).isEqualTo(progress.toString());
    assertThat((String) none.getData(MIMEType.TEXT_HTML)).contains("none yet");
    assertThat(other.getData(MIMEType.TEXT_HTML)).isNull();
    assertThat(other.getData(MIMEType.TEXT_PLAIN)).isEqualTo("Optional[42]");
  }

  @Test
  void givenRendererAlreadyRegistered_whenRegisteredAgain_thenNothingIsAddedTwice() {
    // given
    Renderer renderer = new Renderer();
    assertThat(IJavaSupport.register(renderer)).isTrue();

    // when
    boolean again = IJavaSupport.register(renderer);

    // then
    assertThat(again).isFalse();
    String html = (String) renderer.render(JOB).getData(MIMEType.TEXT_HTML);
    assertThat(html.split("class=\"aihc-job\"", -1)).hasSize(2);
  }

  private static String html(Renderer renderer, Object value) {
    return (String) renderer.render(value).getData(MIMEType.TEXT_HTML);
  }
}
