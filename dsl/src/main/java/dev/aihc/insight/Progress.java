package dev.aihc.insight;

import dev.aihc.internal.time.Elapsed;
import java.time.Duration;
import java.util.Optional;

/**
 * How far a job is, read from the newest progress line of one replica's log ({@link dev.aihc.client.Run#progress()}):
 * a tqdm bar, {@code epoch 3/5}, {@code step 120/1000}, Keras' {@code Epoch 3/10}, a Lightning or Hugging
 * Face Trainer bar, the Trainer's {@code {'loss': ..., 'epoch': 1.5}} dicts. No change to the training
 * code is needed.
 *
 * @param step how far: the step, epoch or item count the line gives (fractional for the Trainer's epochs)
 * @param total out of how many
 * @param unit what is counted: {@code epoch}, {@code step} or {@code it} (a bar's items)
 * @param eta the time left, as the line states it (tqdm, Keras) or estimated from the time run so far
 * @param pod the replica it was read from ({@code master-0})
 * @param line the log line it was read from
 */
public record Progress(double step, double total, String unit, Optional<Duration> eta, String pod, String line) {
  private static final int BAR_WIDTH = 20;

  /** Checks the values. */
  public Progress {
    if (!(total > 0)) throw new IllegalArgumentException("total must be > 0 but was " + total);
    if (!(step >= 0)) throw new IllegalArgumentException("step must be >= 0 but was " + step);
    unit = unit == null ? "step" : unit;
    eta = eta == null ? Optional.empty() : eta;
    pod = pod == null ? "" : pod;
    line = line == null ? "" : line;
  }

  /** {@code step / total}, at most 1. */
  public double fraction() {
    return Math.min(1, step / total);
  }

  /** The same progress estimated to end {@code eta} from now. */
  Progress withEta(Duration eta) {
    return new Progress(step, total, unit, Optional.ofNullable(eta), pod, line);
  }

  /** {@code epoch 3/5}: the count in the line's own unit. */
  public String count() {
    return unit + " " + number(step) + "/" + number(total);
  }

  /** {@code ████████░░░░░░░░░░░░  40% epoch 2/5 · 12s left (master-0)}. */
  @Override
  public String toString() {
    return bar(BAR_WIDTH) + " " + percent() + " " + count() + eta.map(d -> " · " + Elapsed.text(d) + " left").orElse("")
        + (pod.isEmpty() ? "" : " (" + pod + ")");
  }

  /** {@code  40%}. */
  public String percent() {
    return String.format(java.util.Locale.ROOT, "%3d%%", (int) Math.floor(fraction() * 100));
  }

  /** A bar of {@code width} blocks, eighths for the partial one. */
  public String bar(int width) {
    if (width < 1) throw new IllegalArgumentException("width must be >= 1 but was " + width);
    double cells = fraction() * width;
    int full = (int) Math.floor(cells);
    StringBuilder s = new StringBuilder("█".repeat(full));
    if (full < width) {
      int eighths = (int) Math.floor((cells - full) * 8);
      s.append(eighths == 0 ? "░" : String.valueOf("▏▎▍▌▋▊▉".charAt(eighths - 1)));
      s.append("░".repeat(width - full - 1));
    }
    return s.toString();
  }

  private static String number(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : String.format(java.util.Locale.ROOT, "%.2f", d);
  }
}
