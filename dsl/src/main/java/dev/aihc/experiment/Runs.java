package dev.aihc.experiment;

import dev.aihc.client.Run;
import java.util.List;

/** What to do with several runs at once: compare them. */
public final class Runs {
  private Runs() {}

  /** The runs side by side (one DescribeJob each, now): see {@link Comparison}. */
  public static Comparison compare(List<Run> runs) {
    return Comparison.of(runs);
  }

  /** The runs side by side (one DescribeJob each, now): see {@link Comparison}. */
  public static Comparison compare(Run... runs) {
    return Comparison.of(List.of(runs));
  }
}
