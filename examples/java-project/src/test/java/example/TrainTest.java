package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Train's main() as a user runs it, on a local engine it starts in a scratch home: the job's two replicas
 * print their line and it ends Succeeded. ./aihc test runs it against the artifacts it has just installed.
 */
final class TrainTest {
  @Test
  void givenNoCloud_whenTrainRuns_thenBothReplicasSayHelloAndTheJobSucceeds(@TempDir Path dir) throws Exception {
    Path home = dir.resolve("home");
    Path log = dir.resolve("train.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder train = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Train.class.getName())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    train.environment().put("AIHC_LOCAL_HOME", home.toString());
    Process p = train.start();
    boolean exited;
    try {
      exited = p.waitFor(300, TimeUnit.SECONDS);
      if (!exited) p.destroyForcibly();
    } finally {
      stopEngine(java, home);
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertTrue(exited, "Train did not end within 300 s:\n" + out);
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("rank 1 of 2 says hello"), out);
    assertTrue(out.lines().anyMatch(l -> l.startsWith("Succeeded")), out);
  }

  /**
   * The engine outlives Train's JVM: stopped as {@code ./aihc local stop} stops it (its command, on this
   * project's class path), so this works wherever the project is.
   */
  private static void stopEngine(String java, Path home) throws Exception {
    new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.aihc.internal.cli.LocalCommand", "stop",
        "--home", home.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
        .waitFor(90, TimeUnit.SECONDS);
  }
}
