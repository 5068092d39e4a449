package dev.aihc.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aihc.client.Run;
import dev.aihc.local.internal.config.Home;
import dev.aihc.wire.JobEvent;
import dev.aihc.wire.JobItem;
import dev.aihc.wire.JobStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica whose log the full disk has no room for keeps running (issue 22): its output relay counts what it could
 * not write, the engine says so in a LogWriteFailed event, and the log marks the gap once it can be written again.
 * The engine home is a real 40 MB file system (tmpfs; root, as in CI), filled and freed while the job prints.
 */
final class LogWriteFailedTest {
  private static final Pattern LOST = Pattern.compile("could not write (\\d+) bytes of its output");

  @TempDir Path outside;

  @Test
  void givenAJobPrintingSteadily_whenTheDiskFillsAndFreesAgain_thenItRunsOnAndItsLogMarksTheGap() throws Exception {
    try (SmallFileSystem fs = SmallFileSystem.mount(40)) {
      Path home = fs.dir().resolve("home");
      Path stop = outside.resolve("stop"); // outside the full file system: the test ends the job with it
      try (TestEngine t = TestEngine.start(home)) {
        // lines of 1 KB, some 50 KB a second (the last page of the log fills at once), through cat, which like most
        // programs exits when a write of its fails
        String id = t.create(TestEngine.job("printer", "pad=$(printf '%01000d' 0); i=0; while [ ! -e " + stop
            + " ]; do i=$((i+1)); echo \"line $i $pad\"; sleep 0.01; done | cat; echo \"last line\"").toCompactJson());
        String pod = "printer-master-0";
        Home files = new Home(home);
        TestEngine.awaitTrue(() -> logHas(files.log(id, pod), "line 20 "), "the first 20 lines in the log");
        long pid = Long.parseLong(Files.readString(files.pidFile(id, pod)).trim());

        // when: the disk fills while the job prints
        Path filler = fs.fill("filler");
        assertThat(fs.free()).as("free bytes on the engine home's file system").isLessThan(64 * 1024);
        long fullAt = Files.size(files.log(id, pod));
        Thread.sleep(1_500);

        // then: the replica runs on (today's programs die of their own failed write)
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).as("the replica's wrapper").contains(true);

        // when: room comes back, and the job prints on a little before it ends
        Files.delete(filler);
        TestEngine.awaitTrue(() -> logHas(files.log(id, pod), "of output lost"), "the gap's line in the log");
        long afterGap = Files.size(files.log(id, pod));
        TestEngine.awaitTrue(() -> sizeOf(files.log(id, pod)) > afterGap + 5_000, "lines after the gap");
        Files.writeString(stop, "");

        // then: the job ends as its command did
        JobItem ended = t.awaitStatus(id, JobStatus.SUCCEEDED, JobStatus.FAILED);
        assertThat(ended.status()).as(ended.toString()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(ended.pods().get(0).exitCode()).isEqualTo(0);
        assertThat(fullAt).isGreaterThan(0);

        // and: one LogWriteFailed event with the bytes lost
        Run run = t.client.job(id);
        List<JobEvent> lost = run.events().stream().filter(e -> e.reason().equals("LogWriteFailed")).toList();
        assertThat(lost).as(run.events().toString()).hasSize(1);
        assertThat(lost.get(0).type()).isEqualTo("Warning");
        Matcher bytes = LOST.matcher(lost.get(0).message());
        assertThat(bytes.find()).as(lost.get(0).message()).isTrue();
        assertThat(Long.parseLong(bytes.group(1))).isGreaterThan(0);
        assertThat(lost.get(0).message()).contains(pod).contains("no space left on device");

        // and: logs() shows the gap's line where the gap is, and the lines before and after it
        List<String> lines = run.logs("master-0");
        int gap = indexOf(lines, "[aihc-local] ");
        assertThat(gap).as("the gap's line").isPositive();
        assertThat(lines.get(gap)).matches("\\[aihc-local\\] [0-9.]+ (bytes|KB|MB) of output lost: no space left on"
            + " device on " + Pattern.quote(home.toString()));
        assertThat(lines.subList(0, gap)).anySatisfy(l -> assertThat(l).startsWith("line 1 "))
            .anySatisfy(l -> assertThat(l).startsWith("line 20 "));
        assertThat(lines.subList(gap + 1, lines.size())).anySatisfy(l -> assertThat(l).startsWith("line "));
        assertThat(lines.get(lines.size() - 1)).isEqualTo("last line");
        assertThat(lines.stream().filter(l -> l.contains("of output lost")).count()).isEqualTo(1);
      }
    }
  }

  private static boolean logHas(Path log, String text) {
    try {
      return Files.readString(log).contains(text);
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static long sizeOf(Path log) {
    try {
      return Files.size(log);
    } catch (java.io.IOException e) {
      return 0;
    }
  }

  private static int indexOf(List<String> lines, String prefix) {
    for (int i = 0; i < lines.size(); i++) if (lines.get(i).startsWith(prefix)) return i;
    return -1;
  }
}
