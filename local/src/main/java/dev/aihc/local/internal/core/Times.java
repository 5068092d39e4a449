package dev.aihc.local.internal.core;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** Time formats of the wire: RFC 3339 UTC with whole seconds out; unix seconds or RFC 3339 in. */
public final class Times {
  private Times() {}

  /** {@code 2026-01-02T03:04:05Z}; empty for null (the wire's "not finished"). */
  public static String rfc3339(Long epochMillis) {
    if (epochMillis == null) return "";
    return DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(epochMillis).truncatedTo(ChronoUnit.SECONDS));
  }

  /**
   * Reads a time parameter: unix seconds (as a string or number, the way DescribeJobLogs sends them)
   * or RFC 3339. Returns epoch seconds.
   *
   * @throws EngineException of kind INVALID naming the field when it is neither
   */
  public static long epochSeconds(String field, String text) {
    String t = text.trim();
    try {
      return Long.parseLong(t);
    } catch (NumberFormatException e) {
      try {
        return Instant.parse(t).getEpochSecond();
      } catch (DateTimeParseException e2) {
        throw EngineException.invalid(field + " must be unix seconds (such as \"1767225600\") or RFC 3339 "
            + "(such as \"2026-01-01T00:00:00Z\") but was '" + text + "'");
      }
    }
  }
}
