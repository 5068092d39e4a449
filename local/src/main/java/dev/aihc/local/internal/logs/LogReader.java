package dev.aihc.local.internal.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Reads one page of a replica log for DescribeJobLogs. The marker is the byte offset in decimal;
 * a page holds whole lines only (a last line without its newline waits until it is complete, unless
 * the replica has ended); {@code nextMarker} is the offset after the last line read, and empty once the
 * replica has ended and the page reached the end of its log, or the page reached the end of the time
 * window.
 */
public final class LogReader {
  /** The most bytes one page looks at, which bounds the answer's size. */
  static final int MAX_SCAN_BYTES = 4 * 1024 * 1024;

  private LogReader() {}

  /**
   * One page.
   *
   * @param lines the lines, without their newlines (a {@link LogLines}, decoded when read)
   * @param nextMarker where the next page starts; empty when there is nothing more to read
   * @param size the log's length in bytes when it was read (0 before it exists)
   */
  public record Page(List<String> lines, String nextMarker, long size) {}

  /**
   * Reads from {@code from} up to {@code maxLines} lines containing any of {@code keywords} (all lines
   * when there are none), stopping before a line that starts at or after {@code endBound} (-1: no
   * bound).
   *
   * @param ended whether the replica has ended: it will write nothing more
   */
  public static Page read(Path log, long from, long endBound, int maxLines, List<String> keywords, boolean ended)
      throws IOException {
    byte[] buf;
    long size;
    try (FileChannel ch = FileChannel.open(log, StandardOpenOption.READ)) {
      size = ch.size();
      from = Math.min(from, size); // a marker past a capped log's end points at its end
      int n = (int) Math.min(MAX_SCAN_BYTES, size - from);
      ByteBuffer b = ByteBuffer.allocate(n);
      while (b.hasRemaining() && ch.read(b, from + b.position()) >= 0) {
        // read until full; a log capped meanwhile ends the read early
      }
      buf = b.position() == n ? b.array() : java.util.Arrays.copyOf(b.array(), b.position());
    } catch (NoSuchFileException e) {
      return new Page(List.of(), ended ? "" : "0", 0); // not started yet, or never will be
    }
    boolean atEof = from + buf.length >= size;
    LogLines lines = new LogLines(buf);
    int p = 0;
    boolean windowDone = false;
    while (lines.size() < maxLines && p < buf.length) {
      if (endBound >= 0 && from + p >= endBound) {
        windowDone = true;
        break;
      }
      int nl = indexOf(buf, p);
      int end;
      if (nl >= 0) {
        end = nl;
      } else if ((atEof && ended) || (!atEof && p == 0)) {
        end = buf.length; // the replica's last line, or one line longer than a whole page
      } else {
        break; // an unfinished line: it comes with a later page
      }
      int lineEnd = end > p && buf[end - 1] == '\r' ? end - 1 : end;
      if (keywords.isEmpty() || matches(new String(buf, p, lineEnd - p, StandardCharsets.UTF_8), keywords)) {
        lines.add(p, lineEnd);
      }
      p = nl >= 0 ? nl + 1 : end;
    }
    long pos = from + p;
    boolean done = windowDone || (endBound >= 0 && pos >= endBound) || (ended && pos >= size);
    return new Page(lines, done ? "" : Long.toString(pos), size);
  }

  private static int indexOf(byte[] buf, int from) {
    for (int i = from; i < buf.length; i++) {
      if (buf[i] == '\n') return i;
    }
    return -1;
  }

  private static boolean matches(String line, List<String> keywords) {
    for (String k : keywords) {
      if (line.contains(k)) return true;
    }
    return false;
  }
}
