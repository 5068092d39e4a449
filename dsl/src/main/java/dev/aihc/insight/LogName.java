package dev.aihc.insight;

import java.util.Locale;
import java.util.Set;

/**
 * A name a log prints before a number ({@code lm loss}, {@code train/loss}, {@code 'eval_loss'}), with what
 * it says about itself: whether it names an evaluation, a training loss, a step, an epoch or a run's total.
 * One per distinct name per {@link LogScanner}.
 */
final class LogName {
  private static final Set<String> EVAL_TOKENS = Set.of("val", "valid", "validation", "eval", "evaluation", "test");
  /** Words that may stand beside "loss" in the name of the one training loss: {@code train_loss}, {@code lm loss}. */
  private static final Set<String> WHOLE_LOSS_TOKENS = Set.of("train", "training", "total", "lm", "reduced",
      "overall", "avg", "average", "mean", "step", "epoch", "global");
  private static final Set<String> STEP_TOTALS = Set.of("total_optimization_steps", "max_steps", "max_iters",
      "max_iter", "train_iters", "max_update", "total_steps", "num_training_steps");
  private static final Set<String> EPOCH_TOTALS = Set.of("num_epochs", "num_train_epochs", "max_epochs",
      "max_epoch", "n_epoch", "n_epochs", "epochs", "scheduled_epochs", "total_epochs");
  private static final Set<String> INNER_TOTALS = Set.of("total_micro_batches", "total_generation_batches");

  static final int NOT_A_TOTAL = 0;
  static final int STEP_TOTAL = 1;
  static final int EPOCH_TOTAL = 2;
  static final int INNER_TOTAL = 3;
  static final int DURATION_TOTAL = 4;

  /** As printed (the first spelling seen). */
  final String text;
  final boolean eval;
  /** 1: the whole training loss ({@code train_loss}, {@code lm loss}); 2: a part or another loss; 0: no loss. */
  final int lossTier;
  /** The rank of a step key, lower first ({@code global_step} before {@code step} before {@code iter}); -1 if none. */
  final int stepRank;
  final boolean epoch;
  final int totalKind;
  /** Set by the scanner: whether its values are kept. */
  boolean tracked;
  int trainCount;
  int evalCount;

  LogName(String text) {
    this.text = text;
    String lower = text.toLowerCase(Locale.ROOT);
    String[] tokens = lower.split("[^a-z0-9]+");
    boolean ev = false;
    boolean lossy = false;
    boolean whole = true;
    for (String t : tokens) {
      if (t.isEmpty()) continue;
      if (EVAL_TOKENS.contains(t)) ev = true;
      if (t.endsWith("loss")) lossy = true;
      else if (!WHOLE_LOSS_TOKENS.contains(t)) whole = false;
    }
    this.eval = ev;
    // a loss scale (mixed precision's) is no loss
    boolean scale = java.util.Arrays.asList(tokens).contains("scale") || java.util.Arrays.asList(tokens).contains("scaler");
    this.lossTier = !lossy || ev || scale ? 0 : whole ? 1 : 2;
    String key = lower.replace("(train)", "");
    for (String prefix : new String[] {"valid_", "eval_", "val_"}) {
      if (key.startsWith(prefix)) key = key.substring(prefix.length());
    }
    this.stepRank = switch (key) {
      case "global_step", "global step", "global_step/max_steps" -> 0;
      case "num_updates", "current_steps" -> 1;
      case "step" -> 2;
      case "iteration" -> 3;
      case "iter" -> 4;
      case "batch" -> 5;
      default -> -1;
    };
    this.epoch = key.equals("epoch") || key.endsWith(" epoch") && !key.startsWith("ppo ");
    String joined = key.replace(' ', '_');
    this.totalKind = STEP_TOTALS.contains(joined) ? STEP_TOTAL : EPOCH_TOTALS.contains(joined) ? EPOCH_TOTAL
        : INNER_TOTALS.contains(joined) ? INNER_TOTAL : joined.equals("max_duration") ? DURATION_TOTAL : NOT_A_TOTAL;
  }

  @Override
  public String toString() {
    return text;
  }
}
