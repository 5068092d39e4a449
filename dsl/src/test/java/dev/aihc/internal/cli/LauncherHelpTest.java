package dev.aihc.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code ./aihc help} lists the job commands AihcCli runs, with AihcCli's own summaries, and starts no
 * JVM to do so: the script reads the command file AihcCli reads.
 */
final class LauncherHelpTest {
  @Test
  void givenTheLauncher_whenHelp_thenItListsEveryJobCommandAsAihcCliSummarisesIt() throws Exception {
    // when
    Process help = new ProcessBuilder("bash", root().resolve("aihc").toString(), "help")
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    // then
    assertThat(help.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(help.exitValue()).isZero();
    assertThat(AihcCli.summaries()).contains("  submit FILE", "  export ID");
    assertThat(out).contains("job commands (the local engine by default; the cloud with --cloud, "
        + "--region/--pool/--queue or --profile):\n" + AihcCli.summaries());
  }

  @Test
  void givenAnUnknownCommand_whenRunThroughTheLauncher_thenItSaysSoAndListsTheJobCommandsWithoutAJvm()
      throws IOException, InterruptedException {
    Process p = new ProcessBuilder("bash", root().resolve("aihc").toString(), "submitt").start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(err).startsWith("aihc: unknown command 'submitt'\n").contains(AihcCli.summaries());
  }

  /** The repository, found from these test classes (dsl/target/test-classes). */
  private static Path root() {
    try {
      return Path.of(LauncherHelpTest.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .resolve("../../..").normalize();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
