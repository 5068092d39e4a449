package dev.aihc.internal.local;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Ages and periods as people type them on a command line: {@code 7d}, {@code 12h}, {@code 30m}, {@code 10s}, {@code 0}. */
public final class DurationText {
  private static final Pattern TEXT = Pattern.compile("([0-9]{1,9})\\s*([dhms]?)");

  private DurationText() {}

  /**
   * The duration {@code text} names: a whole number followed by {@code d}, {@code h}, {@code m} or
   * {@code s}; a bare 0 is zero.
   *
   * @throws IllegalArgumentException naming the text and the accepted forms
   */
  public static Duration parse(String text) {
    Objects.requireNonNull(text, "text");
    Matcher m = TEXT.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches() || (m.group(2).isEmpty() && Long.parseLong(m.group(1)) != 0)) {
      throw new IllegalArgumentException("cannot read '" + text + "' as a duration. Use a whole number with d, h, m "
          + "or s, such as 7d, 12h, 30m or 10s");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "d" -> Duration.ofDays(n);
      case "h" -> Duration.ofHours(n);
      case "m" -> Duration.ofMinutes(n);
      case "s" -> Duration.ofSeconds(n);
      default -> Duration.ZERO;
    };
  }

  /** {@code 30d}, {@code 12h}, {@code 90s}: the largest unit that divides {@code d}; {@code 0} for zero. */
  public static String format(Duration d) {
    Objects.requireNonNull(d, "d");
    long s = d.toSeconds();
    if (s == 0) return "0";
    if (s % 86_400 == 0) return s / 86_400 + "d";
    if (s % 3_600 == 0) return s / 3_600 + "h";
    if (s % 60 == 0) return s / 60 + "m";
    return s + "s";
  }
}
