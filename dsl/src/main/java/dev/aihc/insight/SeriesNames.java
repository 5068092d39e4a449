package dev.aihc.insight;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Which printed name a name a person types reads: the name itself when a log prints it (ignoring case);
 * otherwise, for {@code loss}, the one name that is the whole training loss ({@code train_loss},
 * {@code total_loss}, {@code loss/train/total}, {@code train/CrossEntropyLoss}, {@code lm loss}), preferring a
 * per-step value to an epoch's mean ({@code train_loss_step} over {@code train_loss_epoch}); else the one
 * other training loss ({@code box_loss} alone). Two equally good candidates are refused, naming both.
 */
final class SeriesNames {
  static final String LOSS = "loss";

  private SeriesNames() {}

  /** The names a scanner should keep the values of, to answer {@code requested}. */
  static Predicate<LogName> keep(String requested) {
    String r = requested.strip();
    boolean loss = r.equalsIgnoreCase(LOSS);
    return n -> n.text.equalsIgnoreCase(r) || loss && n.lossTier > 0;
  }

  /** The printed names of every scanner, each once, in first-seen order (the first spelling). */
  static List<String> printed(List<LogScanner> scanners) {
    Map<String, String> seen = new LinkedHashMap<>();
    for (LogScanner s : scanners) {
      for (LogName n : s.names()) seen.putIfAbsent(n.text.toLowerCase(Locale.ROOT), n.text);
    }
    return List.copyOf(seen.values());
  }

  /**
   * The printed name {@code requested} reads in these replicas' logs; empty when none prints it (yet).
   *
   * @throws IllegalArgumentException naming the candidates when two or more are equally good
   */
  static java.util.Optional<String> resolve(String requested, List<LogScanner> scanners) {
    String r = requested.strip();
    List<LogName> all = new ArrayList<>();
    for (LogScanner s : scanners) all.addAll(s.names());
    for (LogName n : all) {
      if (n.text.equalsIgnoreCase(r) && n.tracked) return java.util.Optional.of(n.text);
    }
    if (!r.equalsIgnoreCase(LOSS)) return java.util.Optional.empty();
    List<String> whole = new ArrayList<>();
    List<String> parts = new ArrayList<>();
    for (LogName n : all) {
      if (n.trainCount == 0 || n.lossTier == 0) continue;
      List<String> into = n.lossTier == 1 ? whole : parts;
      if (into.stream().noneMatch(t -> t.equalsIgnoreCase(n.text))) into.add(n.text);
    }
    List<String> best = whole.isEmpty() ? parts : whole;
    if (best.size() > 1) {
      List<String> perStep = best.stream().filter(t -> !tokens(t).contains("epoch")).toList();
      if (!perStep.isEmpty()) best = perStep;
    }
    if (best.size() == 1) return java.util.Optional.of(best.get(0));
    if (best.isEmpty()) return java.util.Optional.empty();
    throw new IllegalArgumentException("series \"" + r + "\" could be any of " + String.join(", ", best)
        + ": the logs print no name \"" + r + "\" and " + best.size() + " training losses. Ask for one by its "
        + "name, such as series(\"" + best.get(0) + "\")");
  }

  private static List<String> tokens(String name) {
    return List.of(name.toLowerCase(Locale.ROOT).split("[^a-z0-9]+"));
  }
}
