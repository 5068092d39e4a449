package dev.aihc.dsl;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * AIHC's duration text as one value: a whole number and a unit, {@code 7d}, {@code 12h}, {@code 30m},
 * {@code 10s}. The wire writes {@code retentionPeriod} (minutes, hours, days) and {@code alertConfig.for}
 * (seconds, minutes, hours) this way, and the command line and the engine's {@code --retention} read
 * the same text as people type it. A rule that allows only some units, or no zero, checks that on the
 * value ({@link #unit()}, {@link #isZero()}), so the grammar itself is written once. The local engine's time scale
 * (its {@code --minute} and config.json's {@code "minute"}) reads the same typed text, where milliseconds
 * ({@code 500ms}) are allowed too; the wire never writes them. It belongs to the job model, which writes
 * it ({@link Job#retention(java.time.Duration)}, {@link Alert}); the CLI and the engine read it from here.
 *
 * @param amount the whole number, 0 to 999,999,999
 * @param unit its unit
 */
public record DurationText(long amount, Unit unit) {
  /** As the wire writes it: no sign, no spaces, no leading zeros, a lower-case unit. */
  private static final Pattern WIRE = Pattern.compile("(0|[1-9][0-9]{0,8})([smhd])");
  /** As people type it: any case, spaces around, a bare 0. */
  private static final Pattern TYPED = Pattern.compile("([0-9]{1,9})\\s*(ms|[dhms])?");

  /** The units AIHC's duration text knows, smallest first. */
  public enum Unit {
    MILLISECONDS("ms", 1), SECONDS("s", 1_000), MINUTES("m", 60_000), HOURS("h", 3_600_000), DAYS("d", 86_400_000);

    private final String symbol;
    private final long millis;

    Unit(String symbol, long millis) {
      this.symbol = symbol;
      this.millis = millis;
    }

    /** {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}. */
    public String symbol() {
      return symbol;
    }

    static Unit of(String symbol) {
      for (Unit u : values()) {
        if (u.symbol.equals(symbol)) return u;
      }
      throw new IllegalArgumentException("no unit '" + symbol + "'");
    }
  }

  /** Checks the parts. */
  public DurationText {
    Objects.requireNonNull(unit, "unit");
    if (amount < 0 || amount > 999_999_999) {
      throw new IllegalArgumentException("amount must be 0 to 999999999 but was " + amount);
    }
  }

  /** {@code text} exactly as the wire writes it ({@code 30m}, {@code 0m}, {@code 7d}); empty otherwise. */
  public static Optional<DurationText> read(String text) {
    if (text == null) return Optional.empty();
    Matcher m = WIRE.matcher(text);
    return m.matches() ? Optional.of(new DurationText(Long.parseLong(m.group(1)), Unit.of(m.group(2))))
        : Optional.empty();
  }

  /**
   * {@code text} as people type it on a command line or in a config file: {@code 7d}, {@code 12H }, {@code 30 m},
   * {@code 10s}, {@code 500ms}, or a bare {@code 0}.
   *
   * @throws IllegalArgumentException naming the text and the accepted forms
   */
  public static DurationText parse(String text) {
    Objects.requireNonNull(text, "text");
    Matcher m = TYPED.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches() || (m.group(2) == null && Long.parseLong(m.group(1)) != 0)) {
      throw new IllegalArgumentException("cannot read '" + text + "' as a duration. Use a whole number with d, h, m, "
          + "s or ms, such as 7d, 12h, 30m, 10s or 500ms");
    }
    long n = Long.parseLong(m.group(1));
    return m.group(2) == null ? new DurationText(0, Unit.MINUTES) : new DurationText(n, Unit.of(m.group(2)));
  }

  /** {@code d} in the largest unit that divides it (whole seconds); zero is {@code 0m}, as AIHC writes it. */
  public static DurationText of(Duration d) {
    return of(d, Unit.DAYS);
  }

  /**
   * {@code d} in the largest unit up to {@code largest} that divides it (whole seconds, as the wire has no
   * milliseconds; {@code alertConfig.for} stops at hours); zero is {@code 0m}.
   *
   * @throws IllegalArgumentException for a negative duration
   */
  public static DurationText of(Duration d, Unit largest) {
    Objects.requireNonNull(d, "d");
    if (d.isNegative()) throw new IllegalArgumentException("a duration must not be negative but was " + d);
    long s = d.toSeconds();
    if (s == 0) return new DurationText(0, Unit.MINUTES);
    for (int i = largest.ordinal(); i > Unit.SECONDS.ordinal(); i--) {
      Unit u = Unit.values()[i];
      long perUnit = u.millis / 1_000;
      if (s % perUnit == 0) return new DurationText(s / perUnit, u);
    }
    return new DurationText(s, Unit.SECONDS);
  }

  /** {@code 30d}, {@code 12h}, {@code 90s} ({@link #of}); {@code 0} for zero, as people read it. */
  public static String format(Duration d) {
    return d.isZero() ? "0" : of(d).toString();
  }

  /** Whether the amount is 0. */
  public boolean isZero() {
    return amount == 0;
  }

  /** The same length as a {@link Duration}. */
  public Duration toDuration() {
    return Duration.ofMillis(amount * unit.millis);
  }

  /** The wire form: {@code 7d}. */
  @Override
  public String toString() {
    return amount + unit.symbol;
  }
}
