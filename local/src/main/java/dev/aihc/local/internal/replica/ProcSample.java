package dev.aihc.local.internal.replica;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@code /proc/PID/stat} says about one process, for metrics: its process group, the CPU time it
 * used and its resident memory.
 *
 * @param pid the process
 * @param pgrp its process group
 * @param cpuTicks user + system time, its own and that of its waited-for children (so a child's time
 *     is not lost from the group when it exits), in clock ticks
 * @param rssPages resident set size, in pages
 */
public record ProcSample(long pid, long pgrp, long cpuTicks, long rssPages) {
  /** The sample of {@code pid}; empty when it is gone or unreadable. */
  public static Optional<ProcSample> read(long pid) {
    String stat;
    try {
      stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
    } catch (IOException | SecurityException e) {
      return Optional.empty();
    }
    return parse(pid, stat);
  }

  /** Parses a stat line; the command name (field 2) may hold spaces and ')', so fields count from the last ')'. */
  static Optional<ProcSample> parse(long pid, String stat) {
    int end = stat.lastIndexOf(')');
    if (end < 0) return Optional.empty();
    String[] f = stat.substring(end + 1).trim().split(" +");
    // f[0] is field 3 (state): pgrp is field 5, utime 14, stime 15, cutime 16, cstime 17, rss 24
    if (f.length < 22) return Optional.empty();
    try {
      return Optional.of(new ProcSample(pid, Long.parseLong(f[2]), Long.parseLong(f[11]) + Long.parseLong(f[12])
          + Long.parseLong(f[13]) + Long.parseLong(f[14]),
          Long.parseLong(f[21])));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
