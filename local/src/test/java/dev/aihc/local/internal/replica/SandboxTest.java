package dev.aihc.local.internal.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aihc.wire.JobStatus;
import dev.aihc.local.internal.config.Home;
import dev.aihc.local.internal.policy.Alerts;
import dev.aihc.local.internal.store.EventRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bubblewrap command lines for data sources, and which events are alert items. */
final class SandboxTest {
  private static final Path BWRAP = Path.of("/usr/bin/bwrap");

  @TempDir Path tmp;

  @Test
  void givenAnExistingMountPath_whenPlanned_thenTheHostRootIsBoundAndTheSourceBoundOverThePath() throws IOException {
    Path target = Files.createDirectories(tmp.resolve("existing")).toRealPath();

    List<String> args = Sandbox.command(BWRAP, List.of(new Mount(Path.of("/src"), target, true, "x")), Path.of("/w"));

    assertThat(args).containsExactly("/usr/bin/bwrap", "--dev-bind", "/", "/", "--ro-bind", "/src", target.toString(),
        "--chdir", "/w", "--");
  }

  @Test
  void givenAMissingMountPath_whenPlanned_thenItsParentIsMirroredOnATmpfsWithEveryEntryBoundBack() throws IOException {
    // given
    Path parent = tmp.toRealPath();
    Files.createDirectories(parent.resolve("a"));
    Files.writeString(parent.resolve("f"), "x");
    Files.createSymbolicLink(parent.resolve("l"), Path.of("a"));

    // when
    List<String> args = Sandbox.command(BWRAP, List.of(new Mount(Path.of("/src"), parent.resolve("new/x"), false, "x")),
        Path.of("/w"));

    // then
    assertThat(args).containsExactly("/usr/bin/bwrap", "--dev-bind", "/", "/", "--tmpfs", parent.toString(),
        "--dev-bind", parent + "/a", parent + "/a", "--dev-bind", parent + "/f", parent + "/f",
        "--symlink", "a", parent + "/l", "--bind", "/src", parent + "/new/x", "--chdir", "/w", "--");
    assertThat(parent.resolve("new")).doesNotExist();
  }

  @Test
  void givenAMountPathUnderANewTopLevelDirectory_whenPlanned_thenTheSandboxRootHoldsTheHostsTopLevelEntries()
      throws IOException {
    List<String> args = Sandbox.command(BWRAP, List.of(new Mount(Path.of("/src"), Path.of("/aihc-none/x"), false,
        "x")), Path.of("/w"));

    assertThat(args).doesNotContainSequence("--dev-bind", "/", "/").containsSequence("--dev-bind", "/usr", "/usr")
        .containsSequence("--dev-bind", "/proc", "/proc").containsSequence("--bind", "/src", "/aihc-none/x");
  }

  @Test
  void givenAMissingMountPathInACrowdedDirectory_whenPlanned_thenRefusedSayingHowToFixIt() throws IOException {
    for (int i = 0; i <= Sandbox.MAX_MIRRORED_ENTRIES; i++) Files.createFile(tmp.resolve("f" + i));

    assertThatThrownBy(() -> Sandbox.command(BWRAP, List.of(new Mount(Path.of("/src"), tmp.resolve("new"), false,
        "x")), Path.of("/w"))).hasMessageEndingWith("Create the mount path on the host (mkdir -p), or mount under "
        + "another directory");
  }

  @Test
  void givenAGroupNumberNowLeadingAnotherProcess_whenTheEngineSignalsIt_thenThatProcessIsLeftAlone() throws Exception {
    // given: a process group of someone else's, working outside the engine's home
    Process stranger = new ProcessBuilder("setsid", "sleep", "30").directory(tmp.toFile()).start();
    try {
      ReplicaLauncher launcher = new ReplicaLauncher(new Home(tmp.resolve("home")));

      // when
      launcher.signalGroup(stranger.pid(), "KILL");

      // then
      assertThat(stranger.waitFor(300, java.util.concurrent.TimeUnit.MILLISECONDS)).isFalse();
    } finally {
      stranger.destroyForcibly();
    }
  }

  @Test
  void givenJobEvents_whenClassified_thenStatusChangesAndHangOrNodeReasonsAreAlertItems() {
    assertThat(Alerts.itemOf(EventRow.job("j", "Running", "Running", "m", false, 0))).contains("jobRunning");
    assertThat(Alerts.itemOf(EventRow.job("j", "Failed", "Failed", "m", true, 0))).contains("jobFailed");
    assertThat(Alerts.itemOf(EventRow.job("j", "Succeeded", "Succeeded", "m", false, 0))).contains("jobSucceed");
    assertThat(Alerts.itemOf(EventRow.job("j", JobStatus.RESTARTING.wireName(), "Restarting", "m", true, 0)))
        .contains("jobFT");
    assertThat(Alerts.itemOf(EventRow.job("j", null, Alerts.HANG_REASON, "m", true, 0))).contains("jobHang");
    assertThat(Alerts.itemOf(EventRow.job("j", null, Alerts.NODE_FT_REASON, "m", true, 0))).contains("nodeFT");
    assertThat(Alerts.itemOf(EventRow.job("j", null, Alerts.EVENT_REASON, "m", true, 0))).isEmpty();
    assertThat(Alerts.itemOf(EventRow.pod("j", "p", "Error", "m", true, 0))).isEmpty();
  }
}
