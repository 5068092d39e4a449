package dev.aihc.local.internal.logs;

import dev.aihc.internal.local.PrivateFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The sidecar index of one replica log: fixed 24-byte entries {@code (fromMillis, toMillis,
 * endOffset)}, each saying "the bytes up to endOffset that the previous entry did not cover were
 * written after fromMillis and no later than toMillis". The log monitor appends one about once a second
 * while the log grows; DescribeJobLogs maps its time window to byte offsets with it.
 */
public final class LogIndex {
  static final int ENTRY_BYTES = 24;

  private LogIndex() {}

  /** Appends one entry. */
  static void append(Path index, long fromMillis, long toMillis, long endOffset) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(ENTRY_BYTES).putLong(fromMillis).putLong(toMillis).putLong(endOffset).flip();
    try (FileChannel ch = FileChannel.open(index, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND), PrivateFiles.FILE)) {
      while (b.hasRemaining()) ch.write(b);
    }
  }

  /**
   * The offset where lines written at or after {@code startMillis} begin: the end of the last chunk
   * written entirely before it, or 0.
   */
  public static long startOffset(Path index, long startMillis) throws IOException {
    try (FileChannel ch = open(index)) {
      if (ch == null) return 0;
      // Entries are in time order: find the last one with toMillis < startMillis.
      long i = lastWhere(ch, 1, startMillis);
      return i < 0 ? 0 : read(ch, i)[2];
    }
  }

  /**
   * The offset where lines written after {@code endMillisExclusive} begin, once the index shows a
   * chunk that started after it; -1 while that is not known yet (read to the end of the file).
   */
  public static long endOffset(Path index, long endMillisExclusive) throws IOException {
    try (FileChannel ch = open(index)) {
      if (ch == null) return -1;
      long count = ch.size() / ENTRY_BYTES;
      long i = lastWhere(ch, 0, endMillisExclusive); // last chunk that may hold bytes before the end
      if (i + 1 >= count) return -1;                  // no chunk after the window yet
      return i < 0 ? 0 : read(ch, i)[2];
    }
  }

  /** The last entry as {@code {fromMillis, toMillis, endOffset}}, when there is one. */
  public static java.util.Optional<long[]> last(Path index) throws IOException {
    try (FileChannel ch = open(index)) {
      long count = ch == null ? 0 : ch.size() / ENTRY_BYTES;
      return count == 0 ? java.util.Optional.empty() : java.util.Optional.of(read(ch, count - 1));
    }
  }

  /** The index of the last entry whose field {@code field} is &lt; {@code limit}, or -1. */
  private static long lastWhere(FileChannel ch, int field, long limit) throws IOException {
    long lo = 0;
    long hi = ch.size() / ENTRY_BYTES - 1;
    long found = -1;
    while (lo <= hi) {
      long mid = (lo + hi) >>> 1;
      if (read(ch, mid)[field] < limit) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  private static long[] read(FileChannel ch, long entry) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(ENTRY_BYTES);
    long pos = entry * ENTRY_BYTES;
    while (b.hasRemaining()) {
      if (ch.read(b, pos + b.position()) < 0) throw new IOException("log index truncated at entry " + entry);
    }
    b.flip();
    return new long[] {b.getLong(), b.getLong(), b.getLong()};
  }

  private static FileChannel open(Path index) throws IOException {
    try {
      return FileChannel.open(index, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      return null;
    }
  }
}
