package dev.aihc.client;

/**
 * How {@link Run#follow(FollowOptions)} starts on a job that has already printed: the last {@code tail}
 * lines of each replica, then every new line. A notebook reopened after a restart, or a second look at a
 * long job, then shows where the job is without its whole log again.
 *
 * <pre>{@code
 * run.follow();                          // the last 20 lines of each replica, then what comes
 * run.follow(FollowOptions.tail(100));
 * run.follow(FollowOptions.tail(0));     // only what comes from now on
 * run.follow(FollowOptions.all());       // every line from the start
 * }</pre>
 *
 * @param tail how many of each replica's earlier lines to show first; -1 for all of them
 */
public record FollowOptions(int tail) {
  /** The lines of each replica {@link Run#follow()} shows of what was printed before it started. */
  public static final int DEFAULT_TAIL = 20;

  /** Checks the value. */
  public FollowOptions {
    if (tail < -1) throw new IllegalArgumentException("tail must be >= 0 (or -1 for all) but was " + tail);
  }

  /** The last {@code n} lines of each replica first ({@code 0}: none), then every new line. */
  public static FollowOptions tail(int n) {
    if (n < 0) throw new IllegalArgumentException("tail must be >= 0 but was " + n + "; FollowOptions.all() shows every line");
    return new FollowOptions(n);
  }

  /** Every line from the start. */
  public static FollowOptions all() {
    return new FollowOptions(-1);
  }

  /** What {@link Run#follow()} does: the last {@value #DEFAULT_TAIL} lines of each replica, then what comes. */
  public static FollowOptions defaults() {
    return new FollowOptions(DEFAULT_TAIL);
  }

  /** Whether every earlier line is shown. */
  public boolean showsAll() {
    return tail < 0;
  }
}
