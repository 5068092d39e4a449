package dev.aihc.internal.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The TCP sockets of this network namespace as the kernel lists them in {@code /proc/net/tcp} and
 * {@code /proc/net/tcp6}: for each, its local and remote port, state, owner's uid and inode. The uid
 * is the kernel's word, which no process can forge; a connection not yet accepted already carries its
 * listener's uid (inode 0 until accepted).
 */
final class LoopbackSockets {
  /** {@code TCP_LISTEN} in the kernel's numbering. */
  static final int LISTEN = 0x0A;
  private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));

  private LoopbackSockets() {}

  /** One line of a table. */
  record Entry(int localPort, int remotePort, int state, long uid, long inode) {}

  /** Every socket of both tables; a table the kernel lacks (no IPv6) counts as empty. */
  static List<Entry> all() throws IOException {
    List<Entry> entries = new ArrayList<>();
    for (Path table : TABLES) {
      List<String> lines;
      try {
        lines = Files.readAllLines(table, StandardCharsets.US_ASCII);
      } catch (NoSuchFileException e) {
        continue;
      }
      for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
        Entry entry = parse(line);
        if (entry != null) entries.add(entry);
      }
    }
    return entries;
  }

  /** {@code sl local rem st tx:rx tr:when retrnsmt uid timeout inode ...}; null for a line of another shape. */
  static Entry parse(String line) {
    String[] f = line.trim().split("\\s+");
    if (f.length < 10) return null;
    try {
      return new Entry(port(f[1]), port(f[2]), Integer.parseInt(f[3], 16), Long.parseLong(f[7]), Long.parseLong(f[9]));
    } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
      return null;
    }
  }

  private static int port(String address) {
    return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1), 16);
  }

  /** Whether process {@code pid} holds socket {@code inode} open (its {@code /proc/PID/fd} links). */
  static boolean holds(long pid, long inode) {
    String target = "socket:[" + inode + "]";
    try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      return fds.anyMatch(fd -> {
        try {
          return Files.readSymbolicLink(fd).toString().equals(target);
        } catch (IOException e) {
          return false; // closed meanwhile
        }
      });
    } catch (IOException e) {
      return false; // no such process, or not ours to look into
    }
  }
}
