package dev.aihc.internal.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code AihcShell run FILE} as a real process, the way {@code ./aihc run} does. */
final class ScriptRunnerTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir Path dir;

  private record Result(int exitCode, String out, String err, Duration elapsed) {}

  private Path script(String text) throws IOException {
    Path file = dir.resolve("script.jsh");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  private Process start(Path script) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // env restores SIGINT's default disposition (CI may start us with it ignored) and execs java, so
    // the pid stays the runner's own.
    return new ProcessBuilder("env", "--default-signal=INT", java, "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"),
        AihcShell.class.getName(), "run", script.toString())
        .redirectOutput(dir.resolve("out.txt").toFile())
        .redirectError(dir.resolve("err.txt").toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .start();
  }

  private Result finish(Process process, long startNanos) throws Exception {
    boolean exited = process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    if (!exited) {
      process.destroyForcibly().waitFor();
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
    String out = Files.readString(dir.resolve("out.txt"));
    String err = Files.readString(dir.resolve("err.txt"));
    assertThat(exited).as("exited within %s; stdout=%s stderr=%s", TIMEOUT, out, err).isTrue();
    return new Result(process.exitValue(), out, err, elapsed);
  }

  private Result run(String text) throws Exception {
    long start = System.nanoTime();
    return finish(start(script(text)), start);
  }

  @Test
  void givenChainWithLeadingDotsAcrossLines_whenRun_thenItEvaluatesAsOneStatement() throws Exception {
    // when
    Result result = run("var s = \"abc\"\n    .toUpperCase()\n    .repeat(2);\nSystem.out.println(s);\n");

    // then
    assertThat(result.err()).isEmpty();
    assertThat(result.out()).isEqualTo("ABCABC\n");
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void givenCompileErrorOnLine3_whenRun_thenReportsLine3AndExits1WithoutRunningLaterSnippets()
      throws Exception {
    // when
    Result result = run("System.out.println(\"before\");\n\n  intx q = 1;\nSystem.out.println(\"after\");\n");

    // then
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).startsWith(dir.resolve("script.jsh") + ":3: error: cannot find symbol\n"
        + "  intx q = 1;\n"
        + "  ^\n");
    assertThat(result.out()).isEqualTo("before\n");
  }

  @Test
  void givenMissingSemicolon_whenRun_thenReportsTheLineThatLacksIt() throws Exception {
    // when
    Result result = run("int y = 2\nSystem.out.println(y);\n");

    // then
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).startsWith(dir.resolve("script.jsh") + ":1: error: ';' expected\n");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void givenExceptionInMethodCalledFromLaterLine_whenRun_thenReportsThrowingLineAndCallerAndExits1()
      throws Exception {
    // when
    Result result = run("// a helper\nint check(int n) {\n  if (n < 0) throw new IllegalStateException(\"negative: \" + n);\n"
        + "  return n;\n}\nSystem.out.println(\"start\");\ncheck(-1);\nSystem.out.println(\"after\");\n");

    // then
    String file = dir.resolve("script.jsh").toString();
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).isEqualTo(
        file + ":3: exception java.lang.IllegalStateException: negative: -1\n"
            + "    at check(" + file + ":3)\n"
            + "    at " + file + ":7\n");
    assertThat(result.out()).isEqualTo("start\n");
  }

  @Test
  void givenLibraryThrowsWithCause_whenRun_thenReportsOriginalClassNamesAndCause() throws Exception {
    // when
    Result result = run("\nthrow new AihcException(\"submit failed\", new java.io.IOException(\"refused\"));\n");

    // then
    String file = dir.resolve("script.jsh").toString();
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .startsWith(file + ":2: exception dev.aihc.dsl.AihcException: submit failed\n")
        .contains("Caused by: java.io.IOException: refused\n");
  }

  @Test
  void givenSystemExit7_whenRun_thenExitStatusIs7AndOutputBeforeIsKept() throws Exception {
    // when
    Result result = run("System.out.print(\"bye\");\nSystem.exit(7);\nSystem.out.println(\"after\");\n");

    // then
    assertThat(result.exitCode()).isEqualTo(7);
    assertThat(result.out()).isEqualTo("bye");
  }

  @Test
  void givenExitCommand_whenRun_thenExitsWithItsStatus() throws Exception {
    // when
    Result result = run("System.out.println(\"one\");\n/exit 3\nSystem.out.println(\"two\");\n");

    // then
    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.out()).isEqualTo("one\n");
  }

  @Test
  void givenScriptLeavesNonDaemonThreadRunning_whenItEnds_thenExits0Promptly() throws Exception {
    // when
    Result result = run("Thread t = new Thread(() -> {\n"
        + "  try { Thread.sleep(120_000); } catch (InterruptedException e) { }\n"
        + "});\nt.start();\nSystem.out.println(\"started\");\n");

    // then
    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).isEqualTo("started\n");
    assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(30));
  }

  @Test
  void givenStartupImports_whenScriptUsesJavaTimeUtilNioAndDslWithoutImports_thenTheyResolve()
      throws Exception {
    // when
    Result result = run("System.out.println(Duration.ofSeconds(1));\n"
        + "System.out.println(List.of(1, 2));\n"
        + "System.out.println(Path.of(\"a\", \"b\"));\n"
        + "System.out.println(new AihcException(\"dsl\").getMessage());\n");

    // then
    assertThat(result.err()).isEmpty();
    assertThat(result.out()).isEqualTo("PT1S\n[1, 2]\na/b\ndsl\n");
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void givenSeveralSnippetsOnOneLine_whenRun_thenAllRunInOrder() throws Exception {
    // when
    Result result = run("int a = 1; int b = 2; System.out.println(a + b);\n");

    // then
    assertThat(result.out()).isEqualTo("3\n");
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void givenCommentsAndBlankLines_whenRun_thenTheyAreSkippedAndLineNumbersStayRight() throws Exception {
    // when
    Result result = run("// header\n\n/* a block\n   comment */\nSystem.out.println(\"ok\"); // trailing\n\n"
        + "/** doc */\nundefinedThing();\n");

    // then
    assertThat(result.out()).isEqualTo("ok\n");
    assertThat(result.err()).startsWith(dir.resolve("script.jsh") + ":8: error: cannot find symbol\n");
    assertThat(result.exitCode()).isEqualTo(1);
  }

  @Test
  void givenClassUsingUndeclaredType_whenRun_thenFailsNamingTheMissingType() throws Exception {
    // when
    Result result = run("class Holder { Missing m; }\nSystem.out.println(\"after\");\n");

    // then
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).startsWith(dir.resolve("script.jsh") + ":1: error: Holder uses undeclared class Missing\n");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void givenSnippetSleeping_whenCtrlC_thenItIsInterruptedItsFinallyRunsAndStatusIs130() throws Exception {
    // given
    long start = System.nanoTime();
    Process process = start(script("System.out.println(\"sleeping\");\n"
        + "try {\n  Thread.sleep(120_000);\n} finally {\n  System.out.println(\"cleanup\");\n}\n"
        + "System.out.println(\"not reached\");\n"));
    awaitOutput("sleeping");

    // when
    // The shell's own kill: Java has no way to send SIGINT, and /bin/kill may not be installed.
    new ProcessBuilder("sh", "-c", "kill -INT " + process.pid()).inheritIO().start().waitFor();
    Result result = finish(process, start);

    // then
    assertThat(result.exitCode()).isEqualTo(ScriptRunner.INTERRUPTED);
    assertThat(result.out()).isEqualTo("sleeping\ncleanup\n");
    assertThat(result.err()).contains(dir.resolve("script.jsh") + ":2: interrupted\n");
  }

  private void awaitOutput(String text) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!Files.readString(dir.resolve("out.txt")).contains(text)) {
      assertThat(System.nanoTime()).as("waiting for '%s' on stdout", text).isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
