package dev.aihc.insight;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a named number in a log line, in the forms training scripts print: {@code loss 0.41},
 * {@code loss=0.41}, {@code loss: 0.41}, {@code 'loss': 0.41} (Python dicts, as the Hugging Face Trainer
 * prints them), {@code "loss": 0.41} (JSON lines), {@code loss tensor(0.41)} (a printed torch scalar);
 * and the step the same line states ({@code step 120}, {@code epoch 3/5}, {@code 'epoch': 0.5}).
 *
 * <p>A name matches only as a whole key: {@code loss} is not found in {@code val_loss}, {@code train/loss}
 * or {@code loss_scale}, which are other metrics. Names are matched ignoring case ({@code Loss: 2.30}).
 */
final class LogValues {
  private static final String NUMBER = "([-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?)";
  /** Between the key and the number: {@code =} or {@code :} with optional blanks, or blanks alone. */
  private static final String SEPARATOR = "(?:\\s*[:=]\\s*|\\s+)(?:tensor\\(\\s*)?";
  /** No key character around the name, so that {@code loss} is not read out of {@code val_loss}. */
  private static final String BEFORE = "(?<![\\w/.-])";
  private static final String AFTER = "(?![\\w/.-])";
  /** Step keys, finest first: a line that says both {@code epoch 2} and {@code step 340} is at step 340. */
  private static final String[] STEP_KEYS = {"global_step", "step", "iteration", "iter", "epoch"};
  private static final Pattern[] STEPS = new Pattern[STEP_KEYS.length];

  static {
    for (int i = 0; i < STEP_KEYS.length; i++) STEPS[i] = key(STEP_KEYS[i]);
  }

  private final Pattern value;

  LogValues(String name) {
    if (name == null || name.isBlank()) throw new IllegalArgumentException("series name must not be blank");
    this.value = key(name.strip());
  }

  /** The number named in {@code line} (the first when it is named twice); NaN when the line has none. */
  double value(String line) {
    Matcher m = value.matcher(line);
    return m.find() ? Double.parseDouble(m.group(2)) : Double.NaN;
  }

  /** The step the line states; null when it states none. */
  static Step step(String line) {
    for (int i = 0; i < STEPS.length; i++) {
      Matcher m = STEPS[i].matcher(line);
      if (m.find()) return new Step(STEP_KEYS[i].equals("epoch") ? "epoch" : "step", Double.parseDouble(m.group(2)));
    }
    return null;
  }

  /** A step and the kind of count it is ({@code step} or {@code epoch}). */
  record Step(String kind, double at) {}

  private static Pattern key(String name) {
    return Pattern.compile(BEFORE + "(['\"]?)" + Pattern.quote(name) + "\\1" + AFTER + SEPARATOR + NUMBER,
        Pattern.CASE_INSENSITIVE);
  }
}
