package dev.aihc.insight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aihc.wire.JobEvent;
import dev.aihc.wire.JobItem;
import dev.aihc.wire.JobLogs;
import dev.aihc.wire.JobStatus;
import dev.aihc.wire.QueueItem;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The shared log reader against pages served as the local engine serves them (byte-offset markers, logEnd). */
final class LogStreamTest {
  /** One growing log, paged by byte offset like the engine's LogReader; counts the lines it sends. */
  static final class EngineLog implements JobLookup {
    final StringBuilder text = new StringBuilder();
    boolean ended;
    long linesSent;
    int pages;

    void print(String line) {
      text.append(line).append('\n');
    }

    @Override
    public JobLogs logPage(String podName, String marker, int maxLines, Instant startTime) {
      pages++;
      byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
      int from = (int) Math.min(marker.isEmpty() ? 0 : Long.parseLong(marker), bytes.length);
      List<String> lines = new ArrayList<>();
      int p = from;
      while (lines.size() < maxLines && p < bytes.length) {
        int nl = p;
        while (nl < bytes.length && bytes[nl] != '\n') nl++;
        if (nl == bytes.length) break;
        lines.add(new String(bytes, p, nl - p, StandardCharsets.UTF_8));
        p = nl + 1;
      }
      linesSent += lines.size();
      boolean done = ended && p >= bytes.length;
      return new JobLogs("job-1", podName, lines, done ? "" : Long.toString(p), Long.toString(bytes.length));
    }

    @Override
    public JobItem job(boolean withPods) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<JobEvent> events() {
      return List.of();
    }

    @Override
    public List<JobEvent> podEvents(String podName) {
      return List.of();
    }

    @Override
    public void log(String podName, Consumer<String> lines) {
      throw new UnsupportedOperationException();
    }

    @Override
    public String queueOf(JobItem job) {
      return "default";
    }

    @Override
    public QueueItem queue(JobItem job) {
      return null;
    }

    @Override
    public List<JobItem> queueJobs(JobItem job, JobStatus status) {
      return List.of();
    }

    @Override
    public Instant now() {
      return Instant.EPOCH;
    }
  }

  private static String iteration(int i) {
    return " [2024-05-01 10:00:00] iteration " + i + "/ 300000 | learning rate: 1.5E-05 | lm loss: " + (10 - i * 1e-5)
        + " | loss scale: 1.0 | grad norm: 1.2 |";
  }

  @Test
  void aSecondReadHandsOnOnlyTheLinesAppendedSince() {
    EngineLog log = new EngineLog();
    for (int i = 1; i <= 25_000; i++) log.print(iteration(i));
    LogStream stream = new LogStream("job-master-0");
    List<String> read = new ArrayList<>();

    stream.readNew(log, read::add);
    long firstSent = log.linesSent;
    for (int i = 25_001; i <= 25_100; i++) log.print(iteration(i));
    stream.readNew(log, read::add);

    assertThat(read).hasSize(25_100);
    assertThat(read.get(25_099)).isEqualTo(iteration(25_100));
    assertThat(log.linesSent - firstSent).isEqualTo(100);
  }

  @Test
  void aRecentReadTakesTheHeadAndTheNewestLinesOfALongLogAndLaterOnlyTheNewest() {
    EngineLog log = new EngineLog();
    log.print("  train_iters ........................ 300000");
    for (int i = 1; i <= 100_000; i++) log.print(iteration(i));
    LogStream stream = new LogStream("job-master-0");
    LogScanner scanner = new LogScanner(null, n -> false);

    stream.readRecent(log, null, scanner::accept);

    assertThat(scanner.last().step()).isEqualTo(100_000);
    assertThat(scanner.last().total()).isEqualTo(300_000);
    long bytesPerLine = iteration(50_000).length() + 1;
    assertThat(log.linesSent).isLessThan(LogStream.HEAD_LINES + LogStream.RECENT_BYTES / bytesPerLine + 2);
    assertThat(log.pages).as("the head and the newest lines; no empty page after the log's end").isEqualTo(2);

    for (int i = 100_001; i <= 200_000; i++) log.print(iteration(i));
    long before = log.linesSent;
    stream.readRecent(log, null, scanner::accept);
    assertThat(scanner.last().step()).isEqualTo(200_000);
    assertThat(log.linesSent - before).isLessThan(LogStream.RECENT_BYTES / bytesPerLine + 2);
  }

  @Test
  void aTailReadTakesOnlyTheNewestLinesOfALongEndedLogAndAllOfAShortOne() {
    EngineLog log = new EngineLog();
    for (int i = 1; i <= 100_000; i++) log.print(iteration(i));
    log.print("ValueError: bad batch");
    log.ended = true;
    List<String> read = new ArrayList<>();

    new LogStream("job-master-0").readTail(log, null, read::add);

    long bytesPerLine = iteration(50_000).length() + 1;
    assertThat(read).last().isEqualTo("ValueError: bad batch");
    assertThat(read.get(0)).startsWith(" [2024-05-01 10:00:00] iteration ").doesNotContain("iteration 1/");
    assertThat(log.linesSent).isLessThan(recentLines(bytesPerLine));

    EngineLog small = new EngineLog();
    small.print("step 1 loss 0.5");
    small.print("Traceback (most recent call last):");
    small.ended = true;
    List<String> all = new ArrayList<>();
    new LogStream("job-master-0").readTail(small, null, all::add);
    assertThat(all).containsExactly("step 1 loss 0.5", "Traceback (most recent call last):");
  }

  private static long recentLines(long bytesPerLine) {
    return LogStream.RECENT_BYTES / bytesPerLine + 3;
  }

  @Test
  void anEndedLogIsReadToItsLastLineAndThenGivesNothingNew() {
    EngineLog log = new EngineLog();
    log.print("step 1 loss 0.5");
    log.print("step 2 loss 0.4");
    log.ended = true;
    LogStream stream = new LogStream("job-master-0");
    List<String> read = new ArrayList<>();

    stream.readNew(log, read::add);
    stream.readNew(log, read::add);

    assertThat(read).containsExactly("step 1 loss 0.5", "step 2 loss 0.4");
    assertThat(stream.drained()).isTrue();
  }
}
