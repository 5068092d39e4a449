package dev.aihc.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link Job#toJava()} compiled and evaluated gives back an equal job. */
final class JobSourceTest {
  private static JShell shell;

  @BeforeAll
  static void startShell() {
    shell = JShell.builder().executionEngine("local")
        .compilerOptions("--class-path", System.getProperty("java.class.path")).build();
    shell.addToClasspath(System.getProperty("java.class.path"));
    eval("import dev.aihc.dsl.*;");
    eval("import java.time.*;");
  }

  @AfterAll
  static void stopShell() {
    shell.close();
  }

  /** Evaluates one snippet and returns its value, failing on any compile error or exception. */
  private static String eval(String source) {
    List<SnippetEvent> events = shell.eval(source);
    assertThat(events).isNotEmpty();
    SnippetEvent e = events.get(0);
    assertThat(e.exception()).as("exception in:\n%s", source).isNull();
    assertThat(e.status()).as("%s\n%s", source, shell.diagnostics(e.snippet()).map(d -> d.getMessage(null)).toList())
        .isEqualTo(Snippet.Status.VALID);
    return e.value();
  }

  private static Job evaluate(Job job) {
    eval("var recreated = " + job.toJava() + ";");
    // Compare in the shell's own class loader, through the JSON the two jobs write.
    eval("var expected = Job.fromJson(" + JobSource.str(job.toJson()) + ")"
        + job.pool().map(p -> ".pool(" + JobSource.str(p) + ")").orElse("") + ";");
    assertThat(eval("recreated.equals(expected)")).as("source:\n%s\ndiff: %s", job.toJava(),
        eval("expected.diff(recreated)")).isEqualTo("true");
    return Job.fromJson(job.toJson());
  }

  @Test
  void givenSpecFullJobWithoutPassword_whenSourceEvaluated_thenEqualJob() {
    Job job = Fixtures.specFullJob();
    Job withoutAuth = Job.fromJson(job.toJson().replaceAll("\"imageConfig\" : \\{[^}]*},", ""));
    evaluate(withoutAuth.pool("cce-1uji3ib5"));
  }

  @Test
  void givenRandomJobs_whenSourceEvaluated_thenEqualJobs() {
    Random random = new Random(7);
    for (int i = 0; i < 60; i++) {
      Job job = JobRoundTripPropertyTest.randomJob(random, i);
      if (job.imageAuth().isPresent()) job = Job.fromJson(job.toJson().replaceAll("\"imageConfig\" : \\{[^}]*},", ""));
      evaluate(job);
    }
  }

  @Test
  void givenSeedImport_whenSourceEvaluated_thenEqualJob() {
    evaluate(Job.fromJson(Fixtures.resource("seed-example.json")));
  }

  @Test
  void givenEveryFixtureFile_whenSourceEvaluated_thenEqualJobs() throws Exception {
    Path dir = Path.of(JobSourceTest.class.getResource("/fixtures").toURI());
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(2);
    for (Path file : files) {
      Job job = Job.fromJson(Files.readString(file));
      if (job.imageAuth().isPresent()) job = Job.fromJson(job.toJson().replaceAll("\"imageConfig\" : \\{[^}]*},", ""));
      evaluate(job);
    }
    evaluate(Fixtures.valid());
  }

  @Test
  void givenDataSourcesAShortcutStates_whenSourceWritten_thenTheShortcutsAndTheGeneralStepOnlyWhereNoneFits() {
    // given
    Job job = Fixtures.valid().pfs("pfs-1", "/mnt").pfs("pfs-2", "/sub", "/mnt/sub").hostPath("/data", "/mnt/data")
        .bos("bucket/prefix", "/mnt/bos").dataset("ds-1", "v2", "/mnt/ds")
        .datasource(Datasource.pfs("pfs-3", "/", "/mnt/ro").readOnly())
        .datasource(d -> d.type("cfs").name("cfs-1").mountPath("/mnt/cfs"));

    // when
    String source = job.toJava();

    // then
    assertThat(source).contains("\n    .pfs(\"pfs-1\", \"/mnt\")", "\n    .pfs(\"pfs-2\", \"/sub\", \"/mnt/sub\")",
        "\n    .hostPath(\"/data\", \"/mnt/data\")", "\n    .bos(\"bucket/prefix\", \"/mnt/bos\")",
        "\n    .dataset(\"ds-1\", \"v2\", \"/mnt/ds\")",
        "\n    .datasource(Datasource.pfs(\"pfs-3\", \"/\", \"/mnt/ro\").readOnly())",
        "\n    .datasource(d -> d.type(\"cfs\").name(\"cfs-1\").mountPath(\"/mnt/cfs\"))");
    assertThat(source.split("datasource\\(d ->", -1)).as("general steps in%n%s", source).hasSize(2);
    evaluate(job);
    assertThat(Fixtures.specFullJob().toJava()).contains(".pfs(\"pfs-pxE6jz\", \"/mnt/cluster\")",
        ".datasource(Datasource.hostPath(\"/data/ckpt\", \"/mnt/ckpt\").readOnly())").doesNotContain("d -> d");
  }

  @Test
  void givenImagePassword_whenSourceWritten_thenPasswordReadFromEnvironmentNotWritten() {
    String source = Fixtures.valid().imageAuth("robot", "s3cret").toJava();
    assertThat(source).doesNotContain("s3cret").contains("imageAuth(\"robot\", System.getenv(\"AIHC_IMAGE_PASSWORD\"))");
  }

  @Test
  void givenServerlessJob_whenSourceWritten_thenServerlessStep() {
    assertThat(Fixtures.valid().serverless("aihcq-1").toJava()).contains(".serverless(\"aihcq-1\")").doesNotContain(".pool(");
  }

  @Test
  void givenAwkwardStrings_whenSourceEvaluated_thenEscapedRight() {
    evaluate(Fixtures.valid().command("python -c \"print('a\\tb\\n')\" \\\n --x ✓").env("Q", "\"quoted\" \\ back"));
  }
}
