package dev.aihc.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aihc.wire.JobStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.LogRecord;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An engine home is its owner's alone: directories 0700, files 0600, whatever the umask (these tests run
 * with the usual 022, under which a plain new file is readable by everyone), and a home that was not
 * private is tightened once, with one warning.
 */
@Timeout(60)
final class PrivateHomeTest {
  @TempDir Path dir;

  @BeforeEach
  void umaskLeavesNewFilesOpen() throws IOException {
    // what the engine must not rely on: the process umask lets group and others read a plain new file
    Path probe = Files.createFile(dir.resolve("probe"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(probe))).as("the test's umask")
        .isEqualTo("rw-r--r--");
    Files.delete(probe);
  }

  @Test
  void givenNewHome_whenAJobRanAndWroteFiles_thenEveryDirectoryIs700AndEveryFile600() throws Exception {
    Path home = dir.resolve("home");
    try (TestEngine t = TestEngine.start(LocalEngineConfig.of(home).gracePeriod(Duration.ofSeconds(1)))) {
      String id = t.client.submit(TestEngine.job("writes", "echo to-the-log; mkdir out; echo x > out/model.pt"))
          .id();
      t.awaitStatus(id, JobStatus.SUCCEEDED);
      assertThat(t.client.job(id).logs("master-0")).contains("to-the-log");
      assertThat(home.resolve("jobs").resolve(id).resolve("writes-master-0").resolve("out/model.pt")).exists();

      assertThat(openModes(home)).isEmpty();
      assertThat(home.resolve("engine.db")).exists();
      assertThat(home.resolve("credentials")).exists();
    }
    assertThat(openModes(home)).isEmpty();
  }

  @Test
  void givenHomeReadableByAll_whenAdopted_thenTightenedOnceAndSaidOnce() throws Exception {
    // given: a home as an older version (or a user's mkdir) left it
    Path home = Files.createDirectories(dir.resolve("old"));
    Files.createDirectories(home.resolve("jobs/job-1/pod-0"));
    Files.writeString(home.resolve("jobs/job-1/pod-0.log"), "a line\n");
    Files.writeString(home.resolve("engine.log"), "started\n");
    for (Path p : List.of(home, home.resolve("jobs"), home.resolve("jobs/job-1"), home.resolve("jobs/job-1/pod-0"))) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    assertThat(openModes(home)).hasSize(6);
    List<String> said;

    // when: adopted twice
    try (LogCapture log = LogCapture.start()) {
      try (TestEngine t = TestEngine.start(home)) {
        assertThat(openModes(home)).isEmpty();
      }
      try (TestEngine t = TestEngine.start(home)) {
        assertThat(openModes(home)).isEmpty();
      }
      said = log.records().stream().map(LogRecord::getMessage).toList();
    }

    // then
    assertThat(said).filteredOn(m -> m.contains("readable by their owner only")).singleElement().asString()
        .startsWith("made 6 files and directories in " + home);
    assertThat(Files.readString(home.resolve("engine.log"))).isEqualTo("started\n"); // modes, not contents
  }

  /** Every path under {@code root} (itself included) whose mode lets anyone but its owner in. */
  private static List<String> openModes(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      List<String> open = new ArrayList<>();
      for (Path p : all.toList()) {
        if (Files.isSymbolicLink(p) || !(Files.isDirectory(p) || Files.isRegularFile(p))) continue;
        String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        String want = Files.isDirectory(p) ? "rwx------" : "rw-------";
        if (!mode.equals(want)) open.add(root.relativize(p) + " " + mode);
      }
      return open;
    }
  }
}
