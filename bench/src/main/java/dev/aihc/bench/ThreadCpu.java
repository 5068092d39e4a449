package dev.aihc.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time a JVM's JIT compiler threads have used so far, from {@code /proc/PID/task}: how much of a
 * CPU-per-request figure is the JVM still compiling rather than the request's own work. A compiler thread
 * that has already exited is not counted (JDK 17 starts and stops them on demand), so this is a lower bound.
 */
final class ThreadCpu {
  /** Clock ticks per second of {@code /proc/.../stat}'s utime and stime (USER_HZ, 100 on Linux). */
  private static final double TICK_MS = 10.0;

  private ThreadCpu() {}

  /** Milliseconds of CPU (user + system) used by process {@code pid}'s C1 and C2 compiler threads. */
  static double jitMs(long pid) {
    long ticks = 0;
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          // "tid (comm) state ...": comm may hold spaces, so split after its closing parenthesis
          int open = stat.indexOf('('), close = stat.lastIndexOf(')');
          if (!stat.substring(open + 1, close).contains("CompilerThre")) continue;
          String[] f = stat.substring(close + 2).split(" ");
          ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15: utime, stime
        } catch (IOException | RuntimeException gone) {
          // a thread that ended while we read
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the threads of process " + pid, e);
    }
    return ticks * TICK_MS;
  }
}
