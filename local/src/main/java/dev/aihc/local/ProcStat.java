package dev.aihc.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** What {@code /proc/PID/stat} says about a process: here, only when it started. */
final class ProcStat {
  /** Field 22 of the stat line, counted from 1. */
  private static final int STARTTIME_FIELD = 22;

  private ProcStat() {}

  /**
   * When process {@code pid} started, in clock ticks since boot; empty when it is gone. A pid is reused
   * by later processes, but never while the same start time: together they name one process.
   */
  static Optional<Long> startTicks(long pid) {
    String stat;
    try {
      stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
    } catch (IOException | SecurityException e) {
      return Optional.empty();
    }
    // The command name (field 2) is in parentheses and may hold spaces or ')': count from the last ')'.
    int end = stat.lastIndexOf(')');
    if (end < 0) return Optional.empty();
    String[] rest = stat.substring(end + 1).trim().split(" +");
    int index = STARTTIME_FIELD - 3; // rest starts at field 3 (state)
    if (rest.length <= index) return Optional.empty();
    try {
      return Optional.of(Long.parseLong(rest[index]));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
