package dev.aihc.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java ... AihcCli jobs --profile NAME}, started directly (no launcher), reads that profile. */
final class CliProfileTest {
  @TempDir Path home;

  @Test
  void givenProfileFlag_whenAihcCliRunsWithoutTheLauncher_thenItReadsThatProfile() throws Exception {
    // given: two profiles, neither with a region, so the command stops naming the profile it read
    Path dir = Files.createDirectories(home.resolve(".aihc"));
    Path profiles = Files.writeString(dir.resolve("profiles"), "[default]\npool = a\n\n[team2]\npool = b\n");
    Files.setPosixFilePermissions(profiles, PosixFilePermissions.fromString("rw-------"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));

    // when
    String err = run("jobs", "--profile", "team2");

    // then
    assertThat(err).contains("region in profile [team2]");
  }

  private String run(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-Duser.home=" + home, "-cp", System.getProperty("java.class.path"), AihcCli.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("AIHC_") || k.startsWith("BCE_"));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isNotZero();
    return out;
  }
}
