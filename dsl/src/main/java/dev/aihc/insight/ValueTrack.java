package dev.aihc.insight;

import java.util.Arrays;

/** One name's values in one replica's log, in log order, in primitive arrays (a long run has millions). */
final class ValueTrack {
  double[] steps = new double[16];
  double[] values = new double[16];
  int size;
  /** Whether the first value's step was an epoch (else a step or its place). */
  boolean epochSteps;
  private boolean lastFromBar;

  void add(double step, boolean epochStep, double value, boolean fromBar) {
    if (fromBar && lastFromBar && size > 0 && steps[size - 1] == step) {
      values[size - 1] = value; // a bar redrawn at the same step is one point: its last draw
      return;
    }
    if (size == steps.length) {
      steps = Arrays.copyOf(steps, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    if (size == 0) epochSteps = epochStep;
    steps[size] = Double.isNaN(step) ? size + 1 : step;
    values[size] = value;
    size++;
    lastFromBar = fromBar;
  }

  double lastValue() {
    return values[size - 1];
  }

  void clear() {
    size = 0;
    lastFromBar = false;
  }
}
