package dev.aihc.local.internal.api;

import java.time.Duration;
import java.util.Random;

/**
 * The engine's test switch for failures a network and a cloud service produce: on a share of
 * requests, answer 503 before doing anything, or do the work and then drop the connection, or do
 * the work and answer only after a hang. Clients are tested against it to show they retry reads and
 * never duplicate a job. Off unless the system property {@value #PROPERTY} is set, for example
 * {@code -Daihc.local.faults=unavailable=0.1,drop=0.05,hang=0.05,hangMillis=3000,seed=7}.
 */
public final class Faults {
  public static final String PROPERTY = "aihc.local.faults";
  static final Faults NONE = new Faults(0, 0, 0, Duration.ZERO, 0);

  /** What to do with one request. */
  enum Fault { NONE, UNAVAILABLE, DROP_AFTER, HANG_AFTER }

  private final double unavailable;
  private final double drop;
  private final double hang;
  private final Duration hangFor;
  private final Random random;

  private Faults(double unavailable, double drop, double hang, Duration hangFor, long seed) {
    this.unavailable = unavailable;
    this.drop = drop;
    this.hang = hang;
    this.hangFor = hangFor;
    this.random = new Random(seed);
  }

  /** The faults the system property asks for, or {@link #NONE}. */
  static Faults fromSystemProperty() {
    String spec = System.getProperty(PROPERTY);
    return spec == null || spec.isBlank() ? NONE : parse(spec);
  }

  static Faults parse(String spec) {
    double unavailable = 0;
    double drop = 0;
    double hang = 0;
    long hangMillis = 5_000;
    long seed = 1;
    for (String part : spec.split(",")) {
      String[] kv = part.trim().split("=", 2);
      if (kv.length != 2) throw new IllegalArgumentException(PROPERTY + ": '" + part + "' is not key=value");
      switch (kv[0]) {
        case "unavailable" -> unavailable = share(kv);
        case "drop" -> drop = share(kv);
        case "hang" -> hang = share(kv);
        case "hangMillis" -> hangMillis = Long.parseLong(kv[1]);
        case "seed" -> seed = Long.parseLong(kv[1]);
        default -> throw new IllegalArgumentException(PROPERTY + ": unknown key '" + kv[0]
            + "'; use unavailable, drop, hang (shares 0..1), hangMillis, seed");
      }
    }
    return new Faults(unavailable, drop, hang, Duration.ofMillis(hangMillis), seed);
  }

  private static double share(String[] kv) {
    double d = Double.parseDouble(kv[1]);
    if (d < 0 || d > 1) throw new IllegalArgumentException(PROPERTY + ": " + kv[0] + " must be 0..1 but was " + d);
    return d;
  }

  boolean isOff() {
    return unavailable == 0 && drop == 0 && hang == 0;
  }

  /** The fault for the next request (seeded, so a run is reproducible in its sequence). */
  synchronized Fault next() {
    if (isOff()) return Fault.NONE;
    double r = random.nextDouble();
    if (r < unavailable) return Fault.UNAVAILABLE;
    if (r < unavailable + drop) return Fault.DROP_AFTER;
    if (r < unavailable + drop + hang) return Fault.HANG_AFTER;
    return Fault.NONE;
  }

  Duration hangFor() {
    return hangFor;
  }
}
