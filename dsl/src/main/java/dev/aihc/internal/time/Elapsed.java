package dev.aihc.internal.time;

import java.time.Duration;

/** How long something took or has left, as the status lines show it: {@code 42s}, {@code 3m 5s}, {@code 2h 10m}. */
public final class Elapsed {
  private Elapsed() {}

  /** Whole seconds under a minute, minutes and seconds under an hour, else hours and minutes. */
  public static String text(Duration d) {
    long s = d.toSeconds();
    if (s < 60) return s + "s";
    if (s < 3600) return s / 60 + "m " + s % 60 + "s";
    return s / 3600 + "h " + (s % 3600) / 60 + "m";
  }
}
