package dev.aihc.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What Shift-Tab and Tab show in a notebook: the installed kernel answers real inspect requests on the
 * DSL's and the client's names with their signature and Javadoc, and complete requests after a dot
 * with the methods of Job, Run and the {@code aihc} client.
 */
final class KernelDocsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SETUP = String.join("\n",
      "Job job = Job.named(\"docs\");",
      "Run run = null; // its static type is what Shift-Tab and Tab read");
  /** Code as typed before Shift-Tab (the caret at its end), and the first sentence (or its start) of its Javadoc. */
  private static final Map<String, String> INSPECT = new LinkedHashMap<>();
  /** Code as typed before Tab, and methods the completion must offer. */
  private static final Map<String, List<String>> COMPLETE = Map.of(
      "job.", List.of("rdma(", "pfs(", "replicas(", "gpus(", "command("),
      "run.", List.of("follow(", "watch(", "series(", "await(", "status(", "diagnosis("),
      "aihc.", List.of("submit(", "job(", "jobs("));
  private static JsonNode answers;

  static {
    INSPECT.put("Job.named(", "A new PyTorchJob with one replica named");
    INSPECT.put("job.rdma(", "Enables RDMA networking between replicas");
    INSPECT.put("job.pfs(", "Mounts the whole PFS instance");
    INSPECT.put("job.replicas(", "How many replicas run the command (default 1)");
    INSPECT.put("job.gpus(Gpu.A800, ", "accelerators of model gpu per replica");
    INSPECT.put("Gpu.A800", "NVIDIA A800 80 GB");
    INSPECT.put("aihc.submit(", "Validates job, creates it and returns its Run");
    INSPECT.put("aihc.job(", "Re-attaches to a job of this client's pool and queue");
    INSPECT.put("run.follow(", "Shows every replica's log lines as they come");
    INSPECT.put("run.series(", "The values named name in each replica's log so far");
    INSPECT.put("run.watch(", "Follows the job with pictures of the named series");
    INSPECT.put("run.await(", "Waits for the job to end, showing its status changes");
    INSPECT.put("run.diagnosis(", "Why the job failed and which replica started it");
    INSPECT.put("Aihc.local(", "The local engine of the default home");
  }

  @BeforeAll
  static void askTheKernel() {
    // Job.named( before any cell has run, as in a notebook just opened; the rest after the setup cell
    List<String> command = new ArrayList<>(List.of(Jupyter.python(), Jupyter.script("kernel_docs.py").toString(), "inspect:Job.named(",
        "complete:Gpu.A8", "run:" + SETUP));
    INSPECT.keySet().stream().filter(code -> !code.equals("Job.named(")).forEach(code -> command.add("inspect:" + code));
    COMPLETE.keySet().forEach(code -> command.add("complete:" + code));
    Jupyter.Result r = Jupyter.run(command, Jupyter.env(), Duration.ofMinutes(3));
    assertThat(r.exitCode()).as(r.output()).isZero();
    try {
      answers = JSON.readTree(r.output().lines().reduce((a, b) -> b).orElseThrow());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(answers.path("run").path(0).asText()).as("setup cell").isEqualTo("ok");
  }

  @Test
  void givenDslAndClientNames_whenInspected_thenSignatureAndJavadocComeBackAsTextAndHtml() {
    INSPECT.forEach((code, sentence) -> {
      JsonNode answer = answers.path("inspect").path(code);
      String name = code.replaceAll("^[a-z]+\\.|\\(.*$", "").replaceAll("^[A-Z]\\w*\\.", "");
      assertThat(answer.path("text").asText()).as("Shift-Tab on %s (text)", code).contains(name).contains(sentence);
      assertThat(answer.path("html").asText().replaceAll("<[^>]+>", "")).as("Shift-Tab on %s (HTML)", code)
          .contains(sentence);
    });
  }

  @Test
  void givenNewKernel_whenTabPressedBeforeAnyCellRan_thenOurNamesAreKnown() {
    List<String> matches = new ArrayList<>();
    answers.path("complete").path("Gpu.A8").forEach(m -> matches.add(m.asText()));
    assertThat(matches).as("Tab after Gpu.A8 in a notebook just opened").contains("A800");
  }

  @Test
  void givenJobRunAndClient_whenCompletedAfterDot_thenTheirMethodsAreOffered() {
    COMPLETE.forEach((code, methods) -> {
      List<String> matches = new ArrayList<>();
      answers.path("complete").path(code).forEach(m -> matches.add(m.asText()));
      for (String method : methods) {
        assertThat(matches).as("Tab after %s", code).anyMatch(m -> m.startsWith(method));
      }
    });
  }
}
