package dev.aihc.internal.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import jdk.jshell.JShell;
import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** JShell's documentation API (what Shift-Tab in ./aihc shell shows) answering with our Javadoc. */
final class JavadocSourcesTest {
  private static final Path SOURCES = Path.of("src/main/java").toAbsolutePath();

  @TempDir Path tmp;

  @AfterEach
  void forgetSources() throws ReflectiveOperationException {
    Field field = Class.forName(JavadocSources.ANALYSIS).getDeclaredField(JavadocSources.FIELD);
    field.setAccessible(true);
    field.set(null, null);
  }

  private static String documentation(String code) {
    try (JShell jshell = JShell.builder().executionEngine("local")
        .compilerOptions("--class-path", System.getProperty("java.class.path")).build()) {
      for (String s : List.of("import dev.aihc.dsl.*;", "import dev.aihc.client.*;", "AihcClient aihc = null;",
          "Job job = Job.named(\"x\");", "Run run = null;")) {
        jshell.eval(s);
      }
      List<SourceCodeAnalysis.Documentation> docs = jshell.sourceCodeAnalysis().documentation(code, code.length(), true);
      return docs.stream().map(d -> d.signature() + "\n" + d.javadoc()).collect(Collectors.joining("\n\n"));
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Job.named(          | Job Job.named(String name)                | A new PyTorchJob with one replica named",
      "job.rdma(           | Job Job.rdma()                            | Enables RDMA networking between replicas",
      "job.pfs(            | Job Job.pfs(String instanceId, String mountPath) | Mounts the whole PFS instance",
      "aihc.submit(        | Run AihcClient.submit(Job job)            | Validates {@code job}, creates it",
      "run.follow(         | JobResult Run.follow()                    | Shows every replica's log lines as they come",
      "run.series(         | Series Run.series(String name)            | The values named {@code name}",
      "Gpu.A800            | A800                                      | NVIDIA A800 80 GB"})
  void givenDslSources_whenDocumentationAsked_thenSignatureAndJavadocFirstSentence(String code, String signature,
      String sentence) {
    // given
    assertThat(JavadocSources.install(SOURCES)).as("JShell's source locations reachable (--add-opens)").isTrue();

    // when
    String doc = documentation(code);

    // then
    assertThat(doc).contains(signature).contains(sentence);
  }

  @Test
  void givenNoSourcesInstalled_whenDocumentationAsked_thenSignatureOnly() {
    // when
    String doc = documentation("Job.named(");

    // then: what JShell gives without our sources, the gap JavadocSources fills
    assertThat(doc).contains("Job Job.named(String name)").doesNotContain("A new PyTorchJob");
  }

  @Test
  void givenJarWithSourcesJarBeside_whenLookedUp_thenSourcesJarFound() throws IOException {
    // given
    Path jar = Files.createFile(tmp.resolve("aihc-dsl-1.0.jar"));
    Path sources = Files.createFile(tmp.resolve("aihc-dsl-1.0-sources.jar"));
    Path lone = Files.createFile(tmp.resolve("okhttp-5.jar"));

    // then
    assertThat(JavadocSources.sourcesJarBeside(jar)).contains(sources);
    assertThat(JavadocSources.sourcesJarBeside(lone)).isEmpty();
    assertThat(JavadocSources.sourcesJarBeside(tmp)).isEmpty();
  }
}
