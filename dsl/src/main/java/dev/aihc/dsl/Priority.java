package dev.aihc.dsl;

import java.util.Locale;

/** Scheduling priority of a job in its queue; AIHC's default is {@link #NORMAL}. */
public enum Priority {
  /** Scheduled before normal and low jobs. */
  HIGH,
  /** The default. */
  NORMAL,
  /** Scheduled after high and normal jobs. */
  LOW;

  /** The spelling on the wire: {@code high}, {@code normal}, {@code low}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Reads {@code high}, {@code normal} or {@code low} in any case.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static Priority fromWire(String text) {
    if (text == null) throw new IllegalArgumentException("priority == null");
    for (Priority p : values()) {
      if (p.name().equalsIgnoreCase(text.trim())) return p;
    }
    throw new IllegalArgumentException("priority must be high, normal or low but was '" + text + "'");
  }
}
