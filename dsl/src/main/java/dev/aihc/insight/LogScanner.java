package dev.aihc.insight;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one replica's log lines in order, as the frameworks print them (see {@link LineFields} for one
 * part of a line), into how far the run is and the values of the names it is asked to keep. It remembers
 * what earlier lines said: a header's total ({@code Total optimization steps = N}, {@code Start training for
 * N epochs}, {@code max_iters = N}, {@code train_iters ... N}), the epoch under way (Keras' {@code Epoch
 * 3/10}), whether epochs count from 0, a column header (Ultralytics), the step of a block's header line
 * (OLMo, Composer), and whether lines are inside an evaluation. Not thread-safe: one per replica.
 *
 * <p>Progress is the outermost training loop that has a total: a step count of the whole run (a bar, {@code
 * iteration 100/500000}, a step with a header's total) before an epoch count ({@code epoch 2 of 10, 37 %
 * through it}), before a count within an epoch whose number of epochs is not printed. An evaluation's bar or
 * count never stands for training progress, and an epoch announced at its start counts as not yet done.
 */
final class LogScanner {
  /** What a line says of how far the run is: {@code step} of {@code total}, in {@code unit}. */
  record Found(double step, double total, String unit, long etaSeconds, String line) {}

  private final Pattern custom;
  private final Predicate<LogName> keep;
  private final LineFields f = new LineFields();
  private final Map<String, LogName> names = new HashMap<>();
  /** The names last met, by a hash of their text: most lines repeat the names of the line before. */
  private static final int CACHE = 256;
  private static final String[] PHASES = {"Train ", "Training ", "Eval ", "Test "};
  private final String[] cacheKeys = new String[CACHE];
  private final LogName[] cacheNames = new LogName[CACHE];
  private final List<LogName> order = new ArrayList<>();
  private final Map<LogName, ValueTrack> train = new HashMap<>();
  private final Map<LogName, ValueTrack> eval = new HashMap<>();

  private double stepTotal = -1;
  private double epochTotal = -1;
  private double innerTotal = -1;
  private double stateEpoch = -1;
  private double stateEpochTotal = -1;
  private boolean zeroSeen;
  private boolean evalContext;
  private boolean started;
  private double lastStep = Double.NaN;
  private boolean lastStepEpoch;
  private String[] columns;
  private boolean columnsTrain;
  private Found last;
  private int lastRank;
  private long lines;

  /**
   * @param custom a pattern with named groups {@code step} and {@code total} that alone states progress, or null
   * @param keep which names' values to keep (none for progress alone)
   */
  LogScanner(Pattern custom, Predicate<LogName> keep) {
    this.custom = custom;
    this.keep = keep;
  }

  /** The newest progress read so far; null before any. */
  Found last() {
    return last;
  }

  /** Lines read so far. */
  long lines() {
    return lines;
  }

  /** The names printed since training started (or all, when no line stated a step), in first-seen order. */
  List<LogName> names() {
    List<LogName> out = new ArrayList<>();
    for (LogName n : order) if (n.trainCount + n.evalCount > 0) out.add(n);
    return out;
  }

  /** The kept values of {@code name}: its training values, else its evaluation values; null if none. */
  ValueTrack values(LogName name) {
    ValueTrack t = train.get(name);
    if (t != null && t.size > 0) return t;
    ValueTrack e = eval.get(name);
    return e != null && e.size > 0 ? e : null;
  }

  /** Reads one line; returns the progress it states (also kept as {@link #last()}), or null. */
  Found accept(String line) {
    lines++;
    Found before = last;
    if (line.indexOf('\r') < 0 && line.indexOf('\b') < 0) {
      part(line);
      return last != before ? last : null;
    }
    int n = line.length();
    int from = 0;
    for (int i = 0; i <= n; i++) {
      char c = i < n ? line.charAt(i) : '\r';
      if (c == '\r' || c == '\b') {
        if (i > from) part(line.substring(from, i));
        from = i + 1;
      }
    }
    return last != before ? last : null;
  }

  private void part(String raw) {
    String s = raw.indexOf('\u001b') >= 0 ? stripAnsi(raw) : raw;
    if (s.isBlank()) return;
    if (custom != null) {
      Matcher m = custom.matcher(s);
      if (m.find()) {
        double step = LineFields.number(m.group("step"));
        double total = LineFields.number(m.group("total"));
        if (total > 0 && step >= 0) last = new Found(step, total, "step", -1, s.strip());
      }
      return;
    }
    f.read(s);
    if (columns != null && row(s)) return;
    if (!f.kerasBar && noKeys() && header(s)) return;
    fields(s);
  }

  // ---------------------------------------------------------------- one part's fields

  private void fields(String s) {
    int epochAt = -1;
    int stepAt = -1;
    int iterAt = -1;
    int totalAt = -1;
    LogName[] keys = new LogName[f.size];
    for (int i = 0; i < f.size; i++) {
      if (f.keyStart[i] < 0) continue;
      LogName name = name(s, f.keyStart[i], f.keyEnd[i]);
      keys[i] = name;
      if (name.totalKind != LogName.NOT_A_TOTAL && !f.evalWord) total(name, i, s);
      if (name.epoch && epochAt < 0) epochAt = i;
      if (name.stepRank >= 0 && (stepAt < 0 || name.stepRank < keys[stepAt].stepRank)) stepAt = i;
      if (name.text.equals("iter")) iterAt = i;
      if (name.text.equals("total")) totalAt = i;
      if (epochAt < 0 && name.text.equals("Train") && i + 1 < f.size && f.keyStart[i + 1] < 0
          && !Double.isNaN(f.total[i + 1])) {
        epochAt = i; // timm: "Train: 3 [ 120/1251 (10%)]"
      }
    }
    // "Start training for 300 epochs", "max: 12 epochs"
    for (int i = 0; i < f.size && !f.evalWord; i++) {
      if (s.startsWith(" epochs", f.valueEnd[i]) && f.value(i) > 0) epochTotal = f.value(i);
    }
    boolean keras = f.kerasBar && stateEpoch >= 0;
    boolean states = stepAt >= 0 || epochAt >= 0 || f.barN >= 0;
    boolean isEval = f.evalWord || evalContext && !states
        || stepAt >= 0 && keys[stepAt].eval || epochAt >= 0 && keys[epochAt].eval;
    if (f.evalWord) evalContext = true;
    else if (states && !isEval) evalContext = false;
    if (states && !started) {
      started = true;
      for (LogName name : order) name.trainCount = name.evalCount = 0;
      train.values().forEach(ValueTrack::clear);
      eval.values().forEach(ValueTrack::clear);
    }

    if (isEval) {
      double at = stepAt >= 0 && Double.isNaN(f.total[stepAt]) ? f.value(stepAt) : started ? lastStep : Double.NaN;
      record(keys, true, at, lastStepEpoch && stepAt < 0, false);
      return;
    }

    // the epoch, as done epochs, and the count within it
    double epochValue = -1;
    double epochOf = -1;
    double done = -1;
    if (epochAt >= 0) {
      epochValue = f.value(epochAt);
      epochOf = !Double.isNaN(f.total[epochAt]) ? f.total[epochAt] : epochTotal;
      if (f.dotted[epochAt]) {
        done = epochValue;
      } else {
        if (epochValue == 0) zeroSeen = true;
        // DeiT's, MAE's and PaddleDetection's "Epoch: [3]" count from 0; otherwise only a 0 seen says so
        // (mmengine's "Epoch(train) [3][120/7330]", pytorch/examples' "Train Epoch: 3 [...]" count from 1)
        boolean metricLogger = Double.isNaN(f.total[epochAt]) && f.valueStart[epochAt] > 0
            && s.charAt(f.valueStart[epochAt] - 1) == '[' && !s.startsWith("][", f.valueEnd[epochAt]);
        boolean zeroBased = zeroSeen || metricLogger;
        done = zeroBased ? epochValue : epochValue - 1;

        if (!Double.isNaN(f.total[epochAt])) {
          stateEpoch = epochValue;
          stateEpochTotal = f.total[epochAt];
          epochTotal = f.total[epochAt];
        }
      }
    } else if (keras) {
      epochValue = stateEpoch;
      epochOf = stateEpochTotal;
      done = zeroSeen ? stateEpoch : stateEpoch - 1;
    }
    double innerN = -1;
    double innerOf = -1;
    boolean innerBar = false;
    if (epochAt >= 0 || keras) {
      if (iterAt >= 0 && totalAt >= 0) {
        innerN = f.value(iterAt);
        innerOf = f.value(totalAt);
      } else if (f.barN >= 0) {
        innerN = f.barN;
        innerOf = f.barTotal;
        innerBar = true;
      } else {
        // the first count after the epoch, else before it ("global step 100/7500, epoch: 0")
        for (int pass = 0; pass < 2 && innerN < 0; pass++) {
          for (int i = pass == 0 ? epochAt + 1 : 0; i < (pass == 0 ? f.size : Math.max(0, epochAt)); i++) {
            if (count(i) && (keys[i] == null || !keys[i].eval)) {
              innerN = f.value(i);
              innerOf = f.total[i];
              break;
            }
          }
        }
        if (innerN < 0 && stepAt >= 0 && innerTotal > 0 && Double.isNaN(f.total[stepAt])) {
          innerN = f.value(stepAt) + 1; // DeepSpeed-Chat: "Step: 2" of "Total Micro Batches 920", from 0
          innerOf = innerTotal;
        }
      }
      if (!(innerOf > 0) || innerN > innerOf) innerN = innerOf = -1;
    }
    // "epoch 3/5 loss 0.41": a line that gives the epoch's values, and no count within it, ends the epoch
    if (epochAt >= 0 && !f.dotted[epochAt] && !Double.isNaN(f.total[epochAt]) && stepAt < 0 && innerN < 0
        && summary(keys, epochAt)) {
      done += 1;
    }

    // progress
    Found p = null;
    int rank = 0;
    boolean hasEpoch = epochAt >= 0 || keras;
    if (stepAt >= 0 && !Double.isNaN(f.total[stepAt]) && !hasEpoch && count(stepAt)) {
      p = found(f.value(stepAt), f.total[stepAt], unit(keys[stepAt]), -1, s);
      rank = 3;
    } else if (pair(keys, "current_steps", "total_steps") != null) {
      double[] c = pair(keys, "current_steps", "total_steps");
      p = found(c[0], c[1], "step", -1, s);
      rank = 3;
    } else if (f.barN >= 0 && !f.kerasBar && !hasEpoch) {
      if (f.barTotal > 0 && (stepTotal <= 0 || f.barTotal == stepTotal) && f.barN >= 0) {
        p = found(f.barN, f.barTotal, "it", f.barEtaSeconds, s);
        rank = 3;
      }
    } else if (stepAt >= 0 && stepTotal > 0 && Double.isNaN(f.total[stepAt]) && keys[stepAt].stepRank <= 4) {
      p = found(Math.min(f.value(stepAt), stepTotal), stepTotal, unit(keys[stepAt]), -1, s);
      rank = 3;
    }
    if (p == null && hasEpoch) {
      if (epochOf > 0) {
        if (epochOf == 1 && innerN >= 0) {
          p = found(innerN, innerOf, "it", innerBar ? f.barEtaSeconds : -1, s);
        } else {
          double at = Math.max(0, done) + (innerN >= 0 ? innerN / innerOf : 0);
          p = found(Math.min(at, epochOf), epochOf, "epoch", -1, s);
        }
        rank = 2;
      } else if (innerN >= 0) {
        String unit = innerBar && epochValue >= 0 ? "it of epoch " + fmt(epochValue) : "it";
        p = found(innerN, innerOf, unit, innerBar ? f.barEtaSeconds : -1, s);
        rank = 1;
      }
    }
    if (p != null && rank >= lastRank) {
      last = p;
      lastRank = rank;
    }

    // the step of this part's values
    if (f.barN == 0 && !f.kerasBar) return; // a bar at its start still shows the last epoch's values
    double step = Double.NaN;
    boolean epochStep = false;
    if (stepAt >= 0) {
      // a batch counted within the epoch ("[Epoch 3/200] [Batch 10/938]") is placed after the epochs done
      if (keys[stepAt].stepRank > 4 && epochAt >= 0 && !f.dotted[epochAt] && innerN >= 0 && innerOf > 0) {
        step = Math.max(0, done) * innerOf + innerN;
      } else {
        step = f.value(stepAt);
      }
    } else if (keras) {
      step = stateEpoch;
      epochStep = true;
    } else if (epochAt >= 0 && innerN >= 0) {
      step = f.dotted[epochAt] ? f.value(epochAt) : Math.max(0, done) * innerOf + innerN;
      epochStep = f.dotted[epochAt];
    } else if (f.barN >= 0) {
      step = f.barN;
    } else if (epochAt >= 0) {
      step = epochValue;
      epochStep = true;
    }
    if (!Double.isNaN(step)) {
      lastStep = step;
      lastStepEpoch = epochStep;
    } else if (started && !Double.isNaN(lastStep)) {
      step = lastStep;
      epochStep = lastStepEpoch;
    }
    record(keys, false, step, epochStep, f.barN >= 0);
  }

  /** Whether the part names a value besides its epoch and counts (so it reports on an epoch, not starts one). */
  private boolean summary(LogName[] keys, int epochAt) {
    for (int i = 0; i < keys.length; i++) {
      if (i != epochAt && keys[i] != null && Double.isNaN(f.total[i]) && keys[i].totalKind == LogName.NOT_A_TOTAL) {
        return true;
      }
    }
    return false;
  }

  private boolean noKeys() {
    for (int i = 0; i < f.size; i++) if (f.keyStart[i] >= 0) return false;
    return true;
  }

  private boolean count(int i) {
    double of = f.total[i];
    return of > 0 && f.value(i) >= 0 && f.value(i) <= of;
  }

  private double[] pair(LogName[] keys, String at, String of) {
    int a = -1;
    int b = -1;
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] == null) continue;
      if (keys[i].text.equals(at)) a = i;
      if (keys[i].text.equals(of)) b = i;
    }
    return a >= 0 && b >= 0 && f.value(b) > 0 ? new double[] {f.value(a), f.value(b)} : null;
  }

  private void total(LogName name, int i, String s) {
    double v = f.value(i);
    if (!(v > 0) || v != Math.rint(v)) return;
    switch (name.totalKind) {
      case LogName.STEP_TOTAL -> stepTotal = v;
      case LogName.EPOCH_TOTAL -> epochTotal = v;
      case LogName.INNER_TOTAL -> innerTotal = v;
      case LogName.DURATION_TOTAL -> {
        if (s.startsWith("ba", f.valueEnd[i])) stepTotal = v;
        else if (s.startsWith("ep", f.valueEnd[i])) epochTotal = v;
      }
      default -> { }
    }
  }

  private void record(LogName[] keys, boolean isEval, double step, boolean epochStep, boolean bar) {
    if (isEval && Double.isNaN(step) && started) step = lastStep;
    for (int i = 0; i < keys.length; i++) {
      LogName name = keys[i];
      if (name == null) continue;
      boolean ev = isEval || name.eval;
      if (ev) name.evalCount++;
      else name.trainCount++;
      if (!name.tracked) continue;
      double v = f.value(i);
      ValueTrack t = (ev ? eval : train).computeIfAbsent(name, k -> new ValueTrack());
      // an evaluation's value shown again on every later bar is one value
      if (bar && name.eval && t.size > 0 && Double.compare(t.lastValue(), v) == 0) continue;
      t.add(step, epochStep, v, bar);
    }
  }

  private LogName name(String s, int from, int to) {
    // Composer: "Train loss/train/total", "Eval metrics/eval/...": the phase is not part of the name
    if (to - from > 6 && (s.charAt(from) == 'T' || s.charAt(from) == 'E')) {
      for (String phase : PHASES) {
        if (s.startsWith(phase, from) && to - from > phase.length() && LineFields.isLetter(s.charAt(from + phase.length()))) {
          from += phase.length();
          break;
        }
      }
    }
    // a few of its characters pick the slot (the whole name is compared below): names are long, lines many
    int len = to - from;
    int h = ((len * 31 + s.charAt(from)) * 31 + s.charAt(to - 1)) * 31 + s.charAt(from + len / 2);
    h = h * 31 + s.charAt(from + len / 4);
    int slot = (h ^ (h >>> 16)) & (CACHE - 1);
    String cached = cacheKeys[slot];
    if (cached != null && cached.length() == to - from && s.regionMatches(from, cached, 0, to - from)) {
      return cacheNames[slot];
    }
    String key = s.substring(from, to);
    LogName name = names.get(key);
    if (name == null) {
      String lower = key.toLowerCase(java.util.Locale.ROOT);
      name = names.get(lower);
      if (name == null) {
        name = new LogName(key);
        name.tracked = keep.test(name);
        names.put(lower, name);
        order.add(name);
      }
      names.put(key, name);
    }
    cacheKeys[slot] = key;
    cacheNames[slot] = name;
    return name;
  }

  // ---------------------------------------------------------------- column tables (Ultralytics)

  private boolean header(String s) {
    String head = f.barN >= 0 ? s.substring(0, f.barFrom) : s;
    String[] tokens = head.strip().replaceAll(":$", "").split(" {2,}");
    if (tokens.length < 3) return false;
    for (String t : tokens) {
      if (t.isEmpty() || !LineFields.isLetter(t.charAt(0))) return false;
    }
    String[] cols = new String[tokens.length];
    boolean epochColumn = false;
    for (int i = 0; i < tokens.length; i++) {
      String t = tokens[i].replace("Box(", "").replace(")", "");
      cols[i] = t;
      if (t.equalsIgnoreCase("epoch")) epochColumn = true;
    }
    if (tokens.length == 3 && !epochColumn) return false;
    columns = cols;
    columnsTrain = epochColumn;
    if (f.evalWord || !epochColumn) evalContext = true;
    return true;
  }

  private boolean row(String s) {
    String head = f.barN >= 0 ? s.substring(0, f.barFrom) : s;
    String[] tokens = head.strip().replaceAll(":$", "").split("\\s+");
    if (tokens.length != columns.length) return false;
    for (int i = 1; i < tokens.length; i++) {
      char c = tokens[i].isEmpty() ? 'x' : tokens[i].charAt(0);
      if (!(c >= '0' && c <= '9') && c != '-' && c != '.') return false;
    }
    double epoch = -1;
    double epochOf = -1;
    double[] values = new double[tokens.length];
    for (int i = 0; i < tokens.length; i++) {
      String t = tokens[i];
      int slash = t.indexOf('/');
      values[i] = LineFields.number(slash > 0 ? t.substring(0, slash) : t);
      if (columnsTrain && columns[i].equalsIgnoreCase("epoch") && slash > 0) {
        epoch = values[i];
        epochOf = LineFields.number(t.substring(slash + 1));
      }
    }
    if (columnsTrain && epoch >= 0 && epochOf > 0) {
      evalContext = false;
      if (!started) {
        started = true;
        train.values().forEach(ValueTrack::clear);
        for (LogName name : order) name.trainCount = name.evalCount = 0;
      }
      double in = f.barN >= 0 && f.barTotal > 0 ? f.barN / f.barTotal : 0;
      Found p = found((zeroSeen ? epoch : epoch - 1) + in, epochOf, "epoch", -1, s);
      if (lastRank <= 2) {
        last = p;
        lastRank = 2;
      }
      lastStep = epoch;
      lastStepEpoch = true;
    }
    for (int i = 0; i < tokens.length; i++) {
      if (Double.isNaN(values[i]) || columnsTrain && columns[i].equalsIgnoreCase("epoch")) continue;
      LogName name = name(columns[i], 0, columns[i].length());
      boolean ev = !columnsTrain || name.eval;
      if (ev) name.evalCount++;
      else name.trainCount++;
      if (!name.tracked) continue;
      (ev ? eval : train).computeIfAbsent(name, k -> new ValueTrack())
          .add(columnsTrain ? epoch : lastStep, columnsTrain || lastStepEpoch, values[i], true);
    }
    return true;
  }

  // ---------------------------------------------------------------- helpers

  private static Found found(double step, double total, String unit, long eta, String line) {
    return new Found(step, total, unit, eta, line);
  }

  private static String unit(LogName key) {
    String t = key.text.toLowerCase(java.util.Locale.ROOT);
    return t.startsWith("iter") ? "iter" : t.contains("batch") ? "batch" : "step";
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  static String stripAnsi(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\u001b' && i + 1 < s.length() && s.charAt(i + 1) == '[') {
        int j = i + 2;
        while (j < s.length() && !LineFields.isLetter(s.charAt(j))) j++;
        i = j;
        continue;
      }
      b.append(c);
    }
    return b.toString();
  }
}
