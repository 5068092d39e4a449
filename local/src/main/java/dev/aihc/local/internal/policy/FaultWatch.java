package dev.aihc.local.internal.policy;

import dev.aihc.local.internal.config.Home;
import dev.aihc.local.internal.replica.ReplicaCpu;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Watches the running replicas of fault-tolerant jobs, every tick on the engine loop: each new log
 * line against the job's custom patterns and, with hang detection, how long the replica has been
 * silent (no new log output) and idle (no CPU progress of its process group). A finding is reported
 * once per replica attempt; the {@link Listener} ends the replica, which then counts as a fault.
 */
public final class FaultWatch {
  /** The most log bytes read per replica per tick, so one chatty replica cannot stall the loop. */
  private static final int MAX_READ = 1024 * 1024;
  /** A line without its newline this long is matched as it is. */
  private static final int MAX_LINE = 64 * 1024;
  private static final int MAX_SHOWN = 200;

  /** Told about a replica that failed a pattern or hung. */
  @FunctionalInterface
  public interface Listener {
    /**
     * @param reason {@code LogPatternMatched} or {@code jobHang}
     * @param why what was found, to follow the replica's name: {@code is hung: ...}
     */
    void replicaFault(String jobId, String podName, String reason, String why) throws SQLException;
  }

  private final Home home;
  private final Listener listener;
  private final Map<String, Watched> watched = new LinkedHashMap<>();

  private static final class Watched {
    final String jobId;
    final String podName;
    final long pgid;
    final FaultPolicy policy;
    final long startedAt;
    final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    long offset;
    long lastOutput;
    long lastProgress;
    ReplicaCpu.Sample lastSample;

    Watched(String jobId, String podName, long pgid, FaultPolicy policy, long offset, long now) {
      this.jobId = jobId;
      this.podName = podName;
      this.pgid = pgid;
      this.policy = policy;
      this.offset = offset;
      this.startedAt = now;
      this.lastOutput = now;
      this.lastProgress = now;
    }
  }

  public FaultWatch(Home home, Listener listener) {
    this.home = home;
    this.listener = listener;
  }

  /** How often to tick for one "minute" of {@code minute}: a twentieth of it, from 100 ms to 1 s. */
  public static Duration period(Duration minute) {
    long ms = minute.toMillis() / 20;
    return Duration.ofMillis(Math.max(100, Math.min(1000, ms)));
  }

  /** Starts watching a replica whose log output begins at {@code logOffset}. */
  public void watch(String jobId, String podName, long pgid, FaultPolicy policy, long logOffset, long now) {
    watched.put(jobId + "/" + podName, new Watched(jobId, podName, pgid, policy, logOffset, now));
  }

  /** Stops watching a replica (it ended). */
  public void forget(String jobId, String podName) {
    watched.remove(jobId + "/" + podName);
  }

  /** Checks every watched replica; one reported is no longer watched. */
  public void tick(long now) throws SQLException {
    List<Watched> found = new ArrayList<>();
    List<String[]> findings = new ArrayList<>();
    for (Iterator<Watched> it = watched.values().iterator(); it.hasNext(); ) {
      Watched w = it.next();
      String[] finding = check(w, now);
      if (finding != null) {
        it.remove();
        found.add(w);
        findings.add(finding);
      }
    }
    for (int i = 0; i < found.size(); i++) {
      listener.replicaFault(found.get(i).jobId, found.get(i).podName, findings.get(i)[0], findings.get(i)[1]);
    }
  }

  /** {@code {reason, message}} of what is wrong with {@code w}, or null. */
  private String[] check(Watched w, long now) {
    String matched = readLines(w, now);
    if (matched != null) return new String[] {"LogPatternMatched", matched};
    FaultPolicy p = w.policy;
    if (!p.hangDetection() || now - w.startedAt < p.startupToleration().toMillis()) {
      if (p.hangDetection()) sampleCpu(w, now); // keep the baseline fresh through the grace period
      return null;
    }
    if (!p.logTimeout().isZero() && now - w.lastOutput >= p.logTimeout().toMillis()) {
      return new String[] {"jobHang", "is hung: no new log output for " + FaultPolicy.time(p.logTimeout())
          + " (--hang-detection-log-timeout-minutes)"};
    }
    sampleCpu(w, now);
    if (!p.stackTimeout().isZero() && now - w.lastProgress >= p.stackTimeout().toMillis()) {
      return new String[] {"jobHang", "is hung: its processes made no CPU progress for "
          + FaultPolicy.time(p.stackTimeout()) + " (--hang-detection-stack-timeout-minutes)"};
    }
    return null;
  }

  private void sampleCpu(Watched w, long now) {
    ReplicaCpu.Sample s = ReplicaCpu.sample(w.pgid);
    if (!s.equals(w.lastSample)) {
      w.lastSample = s;
      w.lastProgress = now;
    }
  }

  /** Reads the new whole lines; returns what the first matching one matched, else null. */
  private String readLines(Watched w, long now) {
    Path log = home.log(w.jobId, w.podName);
    byte[] bytes;
    try (FileChannel ch = FileChannel.open(log, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < w.offset) w.offset = size; // capped by the log monitor
      int n = (int) Math.min(MAX_READ, size - w.offset);
      if (n == 0) return null;
      ByteBuffer b = ByteBuffer.allocate(n);
      while (b.hasRemaining() && ch.read(b, w.offset + b.position()) >= 0) {
        // read until full
      }
      bytes = b.array();
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      return null; // read again next tick
    }
    w.offset += bytes.length;
    w.lastOutput = now;
    if (w.policy.patterns().isEmpty()) return null;
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] != '\n') continue;
      w.partial.write(bytes, start, i - start);
      String hit = match(w);
      if (hit != null) return hit;
      start = i + 1;
    }
    w.partial.write(bytes, start, bytes.length - start);
    return w.partial.size() >= MAX_LINE ? match(w) : null;
  }

  private static String match(Watched w) {
    String line = w.partial.toString(StandardCharsets.UTF_8);
    w.partial.reset();
    Pattern p = w.policy.matching(line);
    if (p == null) return null;
    String shown = line.length() > MAX_SHOWN ? line.substring(0, MAX_SHOWN) + "..." : line;
    return "wrote a log line matching --custom-log-patterns=" + p.pattern() + ": " + shown;
  }
}
