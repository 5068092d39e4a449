package dev.aihc.local.internal.storage;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The free space the engine keeps on its home's file system, as {@code storage.minFree} in config.json says:
 * a size ({@code "64MB"}) or a share of the file system ({@code "5%"}), like the kubelet's eviction threshold.
 * The default is the smaller of 32 MB and 5 %, so that a small file system is not all floor.
 *
 * @param bytes the floor in bytes, or 0 when given as a share
 * @param percent the floor as a share of the file system in percent, or 0 when given in bytes
 */
public record MinFree(long bytes, double percent) {
  private static final long MB = 1024L * 1024;
  /** The smaller of 32 MB and 5 % of the file system. */
  public static final MinFree DEFAULT = new MinFree(32 * MB, 5);
  private static final Pattern TEXT = Pattern.compile("([0-9]{1,12}(?:\\.[0-9]+)?)\\s*(%|kb|mb|gb|b)?");

  /** The floor on a file system of {@code totalBytes}. */
  public long of(long totalBytes) {
    long share = (long) (totalBytes * percent / 100);
    if (bytes > 0 && percent > 0) return Math.min(bytes, share);
    return bytes > 0 ? bytes : share;
  }

  /**
   * Reads {@code "64MB"}, {@code "1GB"}, {@code "500KB"} or {@code "5%"}.
   *
   * @throws IllegalArgumentException saying what is accepted
   */
  public static MinFree parse(String text) {
    Matcher m = TEXT.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches() || m.group(2) == null) {
      throw new IllegalArgumentException("storage.minFree must be a size such as \"64MB\" or \"1GB\", or a share of"
          + " the file system such as \"5%\", but was \"" + text + "\"");
    }
    double n = Double.parseDouble(m.group(1));
    if (m.group(2).equals("%")) {
      if (n >= 100) throw new IllegalArgumentException("storage.minFree must be below 100% but was \"" + text + "\"");
      return new MinFree(0, n);
    }
    long unit = switch (m.group(2)) {
      case "kb" -> 1024L;
      case "mb" -> MB;
      case "gb" -> 1024L * MB;
      default -> 1L;
    };
    return new MinFree((long) (n * unit), 0);
  }

  /** As config.json would say it. */
  @Override
  public String toString() {
    if (bytes > 0 && percent > 0) return HomeSpace.size(bytes) + " or " + format(percent) + "%, whichever is smaller";
    return bytes > 0 ? HomeSpace.size(bytes) : format(percent) + "%";
  }

  private static String format(double p) {
    return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
  }
}
