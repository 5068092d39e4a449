package dev.aihc.local.internal.replica;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The CPU a replica has used, from {@code /proc/<pid>/stat} of each process in its session:
 * {@code utime + stime} plus {@code cutime + cstime} (children already reaped), in clock ticks. Hang
 * detection calls an unchanged sample "no CPU progress", the local stand-in for AIHC's unchanged stacks.
 * A replica starts as the leader of its own session and process group (same id); the session is
 * counted because tools such as {@code timeout} move their child into a process group of its own.
 */
public final class ReplicaCpu {
  private static final Path PROC = Path.of("/proc");

  private ReplicaCpu() {}

  /**
   * One sample.
   *
   * @param ticks CPU clock ticks of the group's processes
   * @param pids the group's processes, sorted; a changed set (a new child) counts as progress too
   */
  public record Sample(long ticks, List<Long> pids) {}

  /** Samples the processes in session {@code sid} (a replica's process group id); empty when none is left. */
  public static Sample sample(long sid) {
    long ticks = 0;
    TreeSet<Long> pids = new TreeSet<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, p -> p.getFileName().toString().matches("[0-9]+"))) {
      for (Path dir : dirs) {
        long[] stat = read(dir.resolve("stat"));
        if (stat == null || stat[0] != sid) continue;
        ticks += stat[1];
        pids.add(Long.parseLong(dir.getFileName().toString()));
      }
    } catch (IOException e) {
      return new Sample(0, List.of());
    }
    return new Sample(ticks, new ArrayList<>(pids));
  }

  /**
   * {@code {session, utime + stime + cutime + cstime}} of one stat file, or null when the process went
   * away. Fields are counted after the command name's closing parenthesis, since the name may hold
   * spaces and parentheses.
   */
  public static long[] parse(String stat) {
    int close = stat.lastIndexOf(')');
    if (close < 0) return null;
    String[] f = stat.substring(close + 2).trim().split(" ");
    // f[0] is field 3 (state): session is field 6, utime..cstime are fields 14..17.
    if (f.length < 15) return null;
    try {
      return new long[] {Long.parseLong(f[3]),
          Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14])};
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static long[] read(Path stat) {
    try {
      return parse(Files.readString(stat, StandardCharsets.ISO_8859_1)); // any byte decodes
    } catch (IOException | RuntimeException e) {
      return null; // it ended while we looked
    }
  }
}
