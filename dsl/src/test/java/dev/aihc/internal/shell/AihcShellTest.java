package dev.aihc.internal.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./aihc shell} as a newcomer first meets it: a fresh home, a job typed in, its value shown. */
final class AihcShellTest {
  private static final String JOB = "var job = Job.named(\"bert\").queue(\"default\")"
      + ".image(\"registry.baidubce.com/aihc-public/pytorch:2.1.0-cpu\").replicas(2).pfs(\"pfs-1\", \"/mnt\")"
      + ".env(\"NCCL_DEBUG\", \"INFO\").command(\"python train.py --epochs 5 --lr 0.001 --batch-size 64\");";

  @TempDir Path home;

  @Test
  void givenFreshHome_whenAJobIsDeclaredAndShown_thenItsValueIsWholeAndNoJdkLogLineAppears() throws Exception {
    // when
    String out = shell(JOB + "\njob\n/exit\n");

    // then: the declaration and the expression both show every line of the job, nothing cut
    assertThat(out).doesNotContain(" ... ");
    for (String line : List.of("job ==> Job bert (PyTorchJob)", "image       registry.baidubce.com/aihc-public/pytorch:2.1.0-cpu",
        "replicas    2", "mount       pfs pfs-1:/ at /mnt", "command     python train.py --epochs 5 --lr 0.001 --batch-size 64")) {
      assertThat(out.split(java.util.regex.Pattern.quote(line), -1)).as("%s twice in%n%s", line, out).hasSize(3);
    }
    assertThat(out).doesNotContain("java.util.prefs", "Created user preferences directory", "WARNING", "INFO:");
    assertThat(home.resolve(".java")).as("java.util.prefs directory").doesNotExist();
    assertThat(home.resolve(".aihc/jshell.properties")).as("history and the feedback mode").exists();

    java.util.Properties saved = new java.util.Properties();
    try (var in = Files.newInputStream(home.resolve(".aihc/jshell.properties"))) {
      saved.load(in);
    }
    assertThat(saved.values()).as("history kept for the next start").contains(JOB).doesNotContain("/set mode aihc -retain");

    // when: a second start, with the mode already there
    String again = shell("1 + 1\n/exit\n");

    // then
    assertThat(again).contains("$1 ==> 2").doesNotContain("java.util.prefs", "Error");
  }

  @Test
  void givenSilentFeedbackAsked_whenStarted_thenTheUsersChoiceHolds() throws Exception {
    assertThat(shell("1 + 1\n/exit\n", "-s")).contains("-> ").doesNotContain("==>", "jshell>");
  }

  /** Runs {@code AihcShell shell ARGS} with {@code input} on standard input and {@link #home} as its home. */
  private String shell(String input, String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Duser.home=" + home, "-cp", System.getProperty("java.class.path"), AihcShell.class.getName(), "shell"));
    command.addAll(List.of(args));
    Path log = home.resolve("out.txt");
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("HOME", home.toString());
    pb.environment().remove("AIHC_LOCAL_HOME");
    Process p = pb.start();
    p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("shell ended").isTrue();
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
