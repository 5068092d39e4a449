package dev.aihc.kernel;

import static dev.aihc.kernel.Jupyter.cell;
import static dev.aihc.kernel.Jupyter.outputs;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The notebooks under notebooks/ that need no engine, executed headless in the installed aihc-java kernel. */
final class NotebooksIT {
  private static final Path NOTEBOOKS = Jupyter.ROOT.resolve("notebooks");

  @TempDir Path out;

  @Test
  void givenValidateImportDiffNotebook_whenExecuted_thenCardsProblemTablesAndDiffsShow() {
    // when
    JsonNode nb = Jupyter.execute(NOTEBOOKS.resolve("02-validate-import-diff.ipynb"), out);

    // then
    assertThat(outputs(cell(nb, "var job = Job.named(\"bert-sft\")")))
        .contains("text/html: <div class=\"aihc-job\"", "Job bert-sft", ">valid<", "pfs-pxE6jz")
        .contains("text/plain: Job bert-sft (PyTorchJob)");
    assertThat(outputs(cell(nb, "var broken = ")))
        .contains("<div class=\"aihc-job\"", "3 errors, 1 warning", "class=\"aihc-problem-table\"");
    assertThat(outputs(cell(nb, "broken.validate();")))
        .contains("<div class=\"aihc-problems\"", "class=\"aihc-error\"", "class=\"aihc-warning\"",
            "unconditional retries must be 0..3 but was 5", "mountPath must be absolute but was &#39;logs&#39;");
    assertThat(outputs(cell(nb, "broken.requireValid();")))
        .contains("[stream]", "has 3 errors and was not submitted");
    assertThat(outputs(cell(nb, "var seed = Job.fromJson(seedJson);")))
        .contains("Job api-0513-2", "NCCL_IB_DISABLE=0", "pfs-pxE6jz");
    assertThat(outputs(cell(nb, "seed.validate();")))
        .contains("class=\"aihc-warning\"", "queueId", "datasource");
    assertThat(outputs(cell(nb, "seed.diff(job);")))
        .contains("<div class=\"aihc-diff\"", "jobSpec.replicas", "api-0513-2");
  }

  @Test
  void givenCloudNotebook_whenExecuted_thenSignedPreviewShowsMaskedAndNoSecretAppears() {
    // when
    JsonNode nb = Jupyter.execute(NOTEBOOKS.resolve("05-cloud.ipynb"), out);

    // then
    assertThat(outputs(cell(nb, "aihc.preview(job);")))
        .contains("<div class=\"aihc-preview\"", "https://aihc.bj.baidubce.com/?action=CreateJob&amp;resourcePoolId=cce-1uji3ib5",
            ">Authorization</span>: bce-auth-v1/AKIDEXAMPLE-NOT-A-REAL-KEY/", ">****</span>", "x-bce-date");
    assertThat(outputs(cell(nb, ".toCurl()"))).contains("curl -sS -X POST", ";x-bce-date/****'");
    assertThat(outputs(cell(nb, "CredentialsProvider.chain(")))
        .contains("No AIHC credentials found", "system properties", "no-such-dir");
    StringBuilder all = new StringBuilder();
    nb.path("cells").forEach(c -> all.append(outputs(c)));
    assertThat(all).as("every output").doesNotContain("SECRET-EXAMPLE-NOT-A-REAL-SECRET", "registry-password-EXAMPLE");
  }

  @Test
  void givenCommittedNotebooks_whenRead_thenTheyCarryNoOutputsAndNameTheAihcKernel() throws IOException {
    // given
    List<Path> notebooks;
    try (Stream<Path> files = Files.list(NOTEBOOKS)) {
      notebooks = files.filter(f -> f.toString().endsWith(".ipynb")).sorted().collect(Collectors.toList());
    }
    assertThat(notebooks).isNotEmpty();

    for (Path notebook : notebooks) {
      // when
      JsonNode nb = Jupyter.read(notebook);

      // then
      assertThat(nb.at("/metadata/kernelspec/name").asText()).as("%s kernel", notebook).isEqualTo("aihc-java");
      for (JsonNode c : nb.path("cells")) {
        if (!c.path("cell_type").asText().equals("code")) continue;
        assertThat(c.path("outputs")).as("%s outputs of %s", notebook.getFileName(), Jupyter.text(c.path("source")))
            .isEmpty();
        assertThat(c.path("execution_count").isNull()).as("%s execution count", notebook.getFileName()).isTrue();
      }
    }
  }
}
