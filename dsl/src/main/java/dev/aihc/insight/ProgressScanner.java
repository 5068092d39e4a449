package dev.aihc.insight;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads progress out of one replica's log lines, in order: it remembers what earlier lines said (the
 * current Keras epoch, the Trainer's {@code Num Epochs}) to make sense of later ones. Not thread-safe:
 * one per replica per reading.
 */
final class ProgressScanner {
  private static final String NUM = "(\\d+(?:\\.\\d+)?[kKM]?)";
  /** tqdm, and the Lightning and Trainer bars built on it: {@code 37%|███▋ | 370/1000 [00:12<00:21, 30.1it/s]}. */
  private static final Pattern TQDM = Pattern.compile("(\\d+)%\\|[^|]*\\|\\s*" + NUM + "/" + NUM
      + "(?:\\s*\\[([\\d:]+)<([\\d:?]+))?");
  /** {@code Epoch 3: 45%|...}: Lightning names the epoch before its per-epoch bar. */
  private static final Pattern LIGHTNING_EPOCH = Pattern.compile("^\\s*Epoch (\\d+):");
  /** {@code epoch 3/5}, {@code Epoch [3/10]}, {@code step: 120/1000}, {@code iter 5 / 100}. */
  private static final Pattern COUNT = Pattern.compile("(?i)\\b(epoch|step|iteration|iter|batch)\\b\\s*[:=]?\\s*"
      + "[\\[(]?\\s*(\\d+)\\s*/\\s*(\\d+)\\s*[\\])]?");
  /** Keras' per-step line inside an epoch: {@code  37/100 [=====>....] - ETA: 12s - loss: 0.41}. */
  private static final Pattern KERAS_STEP = Pattern.compile("^\\s*(\\d+)/(\\d+) \\[[=>.]*\\]"
      + "(?:\\s*-\\s*ETA:\\s*(?:(\\d+):)?(\\d+)(?::(\\d+))?s?)?");
  /** The Trainer's dicts: {@code {'loss': 0.41, 'learning_rate': 4e-05, 'epoch': 1.5}}. */
  private static final Pattern DICT_EPOCH = Pattern.compile("['\"]epoch['\"]\\s*:\\s*(\\d+(?:\\.\\d+)?)");
  /** The Trainer's banner: {@code   Num Epochs = 3}. */
  private static final Pattern NUM_EPOCHS = Pattern.compile("Num (?:train )?[Ee]pochs\\s*=\\s*(\\d+)");

  private final Pattern custom;
  private final String pod;
  private double epoch = -1;
  private double epochs = -1;
  private double numEpochs = -1;
  private Progress last;

  /** @param custom a pattern with named groups {@code step} and {@code total}, or null for the known forms */
  ProgressScanner(String pod, Pattern custom) {
    this.pod = pod;
    this.custom = custom;
  }

  /** The newest progress read so far; null before any. */
  Progress last() {
    return last;
  }

  /** Reads one log line; returns the progress it states, also kept as {@link #last()}. */
  Optional<Progress> accept(String rawLine) {
    // A tqdm bar redraws itself with carriage returns: the last part is what the terminal would show.
    String line = rawLine;
    int cr = line.lastIndexOf('\r', line.length() - 2);
    if (cr >= 0) line = line.substring(cr + 1);
    line = line.strip();
    if (line.isEmpty()) return Optional.empty();
    Progress p = custom != null ? custom(line) : known(line);
    if (p != null) last = p;
    return Optional.ofNullable(p);
  }

  private Progress custom(String line) {
    Matcher m = custom.matcher(line);
    if (!m.find()) return null;
    double step = number(m.group("step"));
    double total = number(m.group("total"));
    return total > 0 && step >= 0 ? new Progress(step, total, "step", Optional.empty(), pod, line) : null;
  }

  private Progress known(String line) {
    Matcher m = NUM_EPOCHS.matcher(line);
    if (m.find()) {
      numEpochs = Double.parseDouble(m.group(1));
      return null;
    }
    m = TQDM.matcher(line);
    if (m.find()) {
      double step = number(m.group(2));
      double total = number(m.group(3));
      if (!(total > 0)) return null;
      Optional<Duration> eta = Optional.ofNullable(clock(m.group(5)));
      Matcher epochName = LIGHTNING_EPOCH.matcher(line);
      String unit = epochName.find() ? "it of epoch " + epochName.group(1) : "it";
      return new Progress(step, total, unit, eta, pod, line);
    }
    m = KERAS_STEP.matcher(line);
    if (m.find() && epochs > 0) {
      double inEpoch = Double.parseDouble(m.group(1)) / Double.parseDouble(m.group(2));
      return new Progress(Math.max(0, epoch - 1) + inEpoch, epochs, "epoch", Optional.empty(), pod, line);
    }
    m = COUNT.matcher(line);
    Progress epochCount = null;
    Progress stepCount = null;
    while (m.find()) {
      double n = Double.parseDouble(m.group(2));
      double of = Double.parseDouble(m.group(3));
      if (!(of > 0) || n > of) continue;
      String unit = m.group(1).toLowerCase(java.util.Locale.ROOT);
      if (unit.equals("epoch")) {
        epochCount = new Progress(n, of, "epoch", Optional.empty(), pod, line);
      } else if (stepCount == null) {
        stepCount = new Progress(n, of, unit.startsWith("iter") ? "iter" : unit, Optional.empty(), pod, line);
      }
    }
    if (epochCount != null) {
      epoch = epochCount.step();
      epochs = epochCount.total();
      if (stepCount != null) { // "Epoch [2/5], Step [30/100]": the steps count within the epoch
        double at = Math.max(0, epoch - 1) + stepCount.step() / stepCount.total();
        return new Progress(at, epochs, "epoch", Optional.empty(), pod, line);
      }
      return epochCount;
    }
    if (stepCount != null) return stepCount;
    m = DICT_EPOCH.matcher(line);
    if (m.find() && numEpochs > 0) {
      return new Progress(Double.parseDouble(m.group(1)), numEpochs, "epoch", Optional.empty(), pod, line);
    }
    return null;
  }

  private static double number(String text) {
    if (text == null) return -1;
    double scale = 1;
    if (text.endsWith("k") || text.endsWith("K")) scale = 1e3;
    if (text.endsWith("M")) scale = 1e6;
    String digits = scale == 1 ? text : text.substring(0, text.length() - 1);
    try {
      return Double.parseDouble(digits) * scale;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** {@code 00:21}, {@code 1:02:03}; null for {@code ?} or nothing. */
  private static Duration clock(String text) {
    if (text == null || text.contains("?")) return null;
    long seconds = 0;
    for (String part : text.split(":")) seconds = seconds * 60 + Long.parseLong(part);
    return Duration.ofSeconds(seconds);
  }
}
