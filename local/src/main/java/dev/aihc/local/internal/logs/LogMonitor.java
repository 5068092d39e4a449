package dev.aihc.local.internal.logs;

import dev.aihc.local.internal.config.Home;
import dev.aihc.local.internal.storage.HomeSpace;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Watches the logs of running replicas, about once a second: appends a time checkpoint to a log's
 * index when it grew, and holds it to the cap. A log found beyond the cap is truncated back to it and
 * one line saying so is appended (again at every tick that finds new output), so offsets below the cap
 * stay valid for markers. When a log grows it also reads the replica's lost-output file, where its relay records
 * each gap it had to leave in the log (a full disk), and reports each new one once. Confined to the engine loop
 * thread.
 */
public final class LogMonitor {
  private static final System.Logger LOG = System.getLogger(LogMonitor.class.getName());

  /** Told of each gap a replica's relay left in its log, once the log marks it. */
  @FunctionalInterface
  public interface LostOutput {
    /**
     * @param bytes how many bytes of output could not be written
     * @param why the error, as the relay says it ("no space left on device")
     */
    void lost(String jobId, String podName, long bytes, String why, long atMillis);
  }

  private final Home home;
  private final long capBytes;
  private final LostOutput onLost;
  private final Map<String, Watched> watched = new HashMap<>();

  private static final class Watched {
    final String jobId;
    final String podName;
    long size;
    long lastTickMillis;
    /** The gaps of the lost-output file already reported. */
    int gapsReported;

    Watched(String jobId, String podName, long size, long lastTickMillis, int gapsReported) {
      this.jobId = jobId;
      this.podName = podName;
      this.size = size;
      this.lastTickMillis = lastTickMillis;
      this.gapsReported = gapsReported;
    }
  }

  public LogMonitor(Home home, long capBytes, LostOutput onLost) {
    this.home = home;
    this.capBytes = capBytes;
    this.onLost = onLost;
  }

  /**
   * Starts watching a replica's log. Bytes beyond {@code indexedSize} are taken as written after
   * {@code sinceMillis}: for a new replica, its log size and the time just before it started; for one
   * re-attached after a restart, the end of its index, so output written while the engine was down is
   * indexed at the next tick.
   */
  public void watch(String jobId, String podName, long indexedSize, long sinceMillis) {
    // the gaps already in the file were reported before (by this engine or the last), or their replica is new
    int gaps = gaps(home.lostOutput(jobId, podName)).size();
    watched.put(jobId + "/" + podName, new Watched(jobId, podName, indexedSize, sinceMillis, gaps));
  }

  /** The size of a replica's log now (0 when it does not exist yet). */
  public long logSize(String jobId, String podName) {
    return size(home.log(jobId, podName));
  }

  /** Checks every watched log. */
  public void tick(long nowMillis) {
    for (Watched w : watched.values()) check(w, nowMillis);
  }

  /** A last check of a replica that ended, then stops watching it. */
  public void finish(String jobId, String podName, long nowMillis) {
    Watched w = watched.remove(jobId + "/" + podName);
    if (w != null) check(w, nowMillis);
  }

  /** Stops watching every replica of a deleted job. */
  public void forget(String jobId) {
    for (Iterator<Watched> it = watched.values().iterator(); it.hasNext(); ) {
      if (it.next().jobId.equals(jobId)) it.remove();
    }
  }

  private void check(Watched w, long nowMillis) {
    Path log = home.log(w.jobId, w.podName);
    try {
      long size = size(log);
      if (size > capBytes) size = cap(log);
      if (size > w.size) {
        reportGaps(w, nowMillis); // a gap is recorded once its line is in the log
        LogIndex.append(home.logIndex(w.jobId, w.podName), w.lastTickMillis, nowMillis, size);
        w.size = size;
      }
    } catch (IOException e) {
      // A full disk is said once by HomeSpace; the checkpoint is appended at the next tick that has room.
      if (!HomeSpace.isOutOfSpace(e)) LOG.log(System.Logger.Level.WARNING, "cannot check the log " + log + ": " + e);
    }
    w.lastTickMillis = nowMillis;
  }

  private void reportGaps(Watched w, long nowMillis) {
    List<String> gaps = gaps(home.lostOutput(w.jobId, w.podName));
    for (int i = w.gapsReported; i < gaps.size(); i++) {
      String[] gap = gaps.get(i).split("\t", 2);
      try {
        onLost.lost(w.jobId, w.podName, Long.parseLong(gap[0]), gap.length > 1 ? gap[1] : "unknown", nowMillis);
      } catch (NumberFormatException e) {
        // a line cut short by a full disk: nothing to report of it
      }
    }
    w.gapsReported = Math.max(w.gapsReported, gaps.size());
  }

  /** The complete lines of a lost-output file; none when there is none. */
  private static List<String> gaps(Path file) {
    if (!java.nio.file.Files.isRegularFile(file)) return List.of();
    try {
      String text = java.nio.file.Files.readString(file, StandardCharsets.UTF_8);
      int end = text.lastIndexOf('\n');
      return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n"));
    } catch (IOException e) {
      return List.of(); // none yet (or unreadable: nothing to report)
    }
  }

  /** Truncates the log to the cap and appends the notice line; returns the new size. */
  private long cap(Path log) throws IOException {
    try (FileChannel ch = FileChannel.open(log, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer last = ByteBuffer.allocate(1);
      ch.read(last, capBytes - 1);
      ch.truncate(capBytes);
      String notice = (last.get(0) == '\n' ? "" : "\n") + "[aihc-local] this log reached its cap of "
          + capBytes + " bytes; further output was dropped\n";
      // The replica appends with O_APPEND too, so its writes land after this line and are cut next time.
      ch.write(ByteBuffer.wrap(notice.getBytes(StandardCharsets.UTF_8)), capBytes);
      return ch.size();
    }
  }

  private static long size(Path log) {
    try {
      return java.nio.file.Files.size(log);
    } catch (NoSuchFileException e) {
      return 0;
    } catch (IOException e) {
      return 0;
    }
  }
}
