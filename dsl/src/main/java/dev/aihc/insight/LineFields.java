package dev.aihc.insight;

/**
 * The named numbers of one part of a log line, read in one pass without regular expressions: {@code lm loss:
 * 7.8E+00}, {@code loss=0.41}, {@code 'loss': 0.41}, {@code "loss": "0.41"}, {@code loss 0.41},
 * {@code loss tensor(0.41, ...)}, {@code lr=[1e-4, 1e-4]} (the first element), {@code tps: 7,123}
 * (thousands separators), {@code nan}, {@code inf}; counts such as {@code iteration 100/ 500000} or a bare
 * {@code [ 50/1251]}. A name is the words before its number, joined by single spaces ({@code lm loss},
 * {@code Actor Loss}), with {@code / . - _ @} and a bracketed part ({@code memory(GiB)}) inside a word.
 *
 * <p>Also finds a tqdm bar ({@code 37%|███▋ | 370/1000 [00:12<00:21, ...]}) and a Keras bar
 * ({@code  37/100 [====>...]}, {@code  97/469 ━━━━}), and whether a word says the part is an evaluation
 * ({@code eval}, {@code val}, {@code Validation}, {@code Test:} ...). Reused for every part: not
 * thread-safe.
 */
final class LineFields {
  private static final String[] EVAL_WORDS = {"eval", "evaluate", "evaluating", "evaluation", "val", "valid",
      "validation", "validate", "validating", "test", "testing", "inference", "sanity", "metric"};

  String text;
  int size;
  int[] keyStart = new int[32];
  int[] keyEnd = new int[32];
  int[] valueStart = new int[32];
  int[] valueEnd = new int[32];
  /** Parsed on first use ({@link #value(int)}): most numbers of a line are never asked for. */
  private double[] value = new double[32];
  private boolean[] parsed = new boolean[32];
  double[] total = new double[32];
  boolean[] dotted = new boolean[32];
  /** Whether a word of the part says it is an evaluation. */
  boolean evalWord;
  /** A tqdm or Keras bar's count, or -1. */
  double barN;
  double barTotal;
  boolean kerasBar;
  /** A tqdm bar's time left ({@code 00:21}), as seconds; -1 when it shows none. */
  long barEtaSeconds;
  /** Where the bar's drawing starts and its count ends (a bar's own numbers are not fields). */
  int barFrom;
  int barTo;

  /** The number of field {@code i}. */
  double value(int i) {
    if (!parsed[i]) {
      value[i] = parse(text, valueStart[i], valueEnd[i]);
      parsed[i] = true;
    }
    return value[i];
  }

  /** Reads {@code part} (no carriage returns or colour codes left in it). */
  void read(String part) {
    text = part;
    size = 0;
    evalWord = false;
    barN = -1;
    barTotal = Double.NaN;
    kerasBar = false;
    barEtaSeconds = -1;
    barFrom = barTo = -1;
    findBar(part);
    if (barFrom < 0) {
      scan(part, 0, part.length());
    } else {
      scan(part, 0, barFrom);
      scan(part, barTo, part.length());
    }
  }

  // ---------------------------------------------------------------- bars

  private void findBar(String s) {
    int n = s.length();
    int k = s.indexOf("%|");
    if (k > 0 && Character.isDigit(s.charAt(k - 1))) {
      int pctStart = k - 1;
      while (pctStart > 0 && Character.isDigit(s.charAt(pctStart - 1))) pctStart--;
      int close = s.indexOf('|', k + 2);
      if (close < 0) return;
      int p = skipSpaces(s, close + 1, n);
      int q = digitsEnd(s, p, n);
      if (q == p || q >= n || s.charAt(q) != '/') return;
      double count = Double.parseDouble(s.substring(p, q));
      int r = q + 1;
      int r2 = digitsEnd(s, r, n);
      double of = r2 > r ? Double.parseDouble(s.substring(r, r2)) : Double.NaN;
      if (r2 == r && (r >= n || s.charAt(r) != '?')) return;
      barN = count;
      barTotal = of;
      barFrom = pctStart;
      barTo = r2 > r ? r2 : r + 1;
      int bracket = skipSpaces(s, barTo, n);
      if (bracket < n && s.charAt(bracket) == '[') {
        int lt = s.indexOf('<', bracket);
        int end = s.indexOf(']', bracket);
        if (lt > 0 && (end < 0 || lt < end)) barEtaSeconds = clock(s, lt + 1, n);
      }
      return;
    }
    // Keras: " 37/100 [=====>....]" or, Keras 3, " 97/469 ━━━━"
    int p = skipSpaces(s, 0, n);
    int q = digitsEnd(s, p, n);
    if (q == p || q >= n || s.charAt(q) != '/') return;
    int r = digitsEnd(s, q + 1, n);
    if (r == q + 1 || r + 2 > n || s.charAt(r) != ' ') return;
    char c = s.charAt(r + 1);
    if (c == '[' && r + 2 < n && "=>.]".indexOf(s.charAt(r + 2)) >= 0 || c == '━') {
      barN = Double.parseDouble(s.substring(p, q));
      barTotal = Double.parseDouble(s.substring(q + 1, r));
      kerasBar = true;
      barFrom = p;
      int end = r + 1;
      if (c == '[') {
        int close = s.indexOf(']', r);
        end = close < 0 ? n : close + 1;
      } else {
        while (end < n && s.charAt(end) == '━') end++;
      }
      barTo = end;
    }
  }

  private static long clock(String s, int from, int n) {
    long seconds = 0;
    int p = from;
    boolean any = false;
    while (p < n) {
      int q = digitsEnd(s, p, n);
      if (q == p) break;
      seconds = seconds * 60 + Long.parseLong(s.substring(p, q));
      any = true;
      if (q < n && s.charAt(q) == ':') p = q + 1;
      else break;
    }
    return any ? seconds : -1;
  }

  // ---------------------------------------------------------------- fields

  private void scan(String s, int from, int to) {
    int p = from;
    int runStart = -1;
    int runEnd = -1;
    while (p < to) {
      char c = s.charAt(p);
      if (isLetter(c) || c == '_' || c == '@' || c == '(' && p + 1 < to && isLetter(s.charAt(p + 1))) {
        int q = wordEnd(s, p, to);
        if (q == p) {
          p++;
          continue;
        }
        double special = nanOrInf(s, p, q);
        if (!Double.isNaN(special) || isNan(s, p, q)) {
          boolean minus = p > from && s.charAt(p - 1) == '-';
          add(s, runStart, runEnd, minus ? p - 1 : p, q, minus ? -special : special, Double.NaN, false);
          runStart = -1;
          p = q;
          continue;
        }
        if (!evalWord && isEvalWord(s, p, q)) evalWord = true;
        if (q - p == 6 && q < to && s.charAt(q) == '(' && s.startsWith("tensor", p)) {
          p = q; // loss tensor(0.41, ...): the name is loss
          continue;
        }
        if (runStart >= 0 && runEnd == p - 1 && s.charAt(p - 1) == ' ') {
          runEnd = q;
        } else {
          runStart = p;
          runEnd = q;
        }
        p = q;
        continue;
      }
      if (isDigit(c) || (c == '-' || c == '+' || c == '.') && p + 1 < to && isDigit(s.charAt(p + 1))
          || c == '-' && p + 2 < to && s.charAt(p + 1) == '.' && isDigit(s.charAt(p + 2))) {
        p = number(s, p, to, runStart, runEnd);
        runStart = -1;
        continue;
      }
      p++;
    }
  }

  /** Reads the number at {@code p}, and its total after a slash; returns where it ends. */
  private int number(String s, int p, int to, int runStart, int runEnd) {
    int start = p;
    int q = p;
    if (s.charAt(q) == '-' || s.charAt(q) == '+') q++;
    boolean dot = false;
    int intStart = q;
    q = digitsEnd(s, q, to);
    // thousands separators: 7,123 or 419,430,400 (exactly three digits after each comma)
    if (q - intStart <= 3) {
      while (q + 4 <= to && s.charAt(q) == ',' && allDigits(s, q + 1, q + 4)
          && (q + 4 == to || !isDigit(s.charAt(q + 4)))) {
        q += 4;
      }
    }
    if (q < to && s.charAt(q) == '.') {
      dot = true;
      q = digitsEnd(s, q + 1, to);
    }
    if (q < to && (s.charAt(q) == 'e' || s.charAt(q) == 'E')) {
      int e = q + 1;
      if (e < to && (s.charAt(e) == '-' || s.charAt(e) == '+')) e++;
      int e2 = digitsEnd(s, e, to);
      if (e2 > e) {
        q = e2;
        dot = true;
      }
    }
    int end = q;
    double of = Double.NaN;
    int r = q;
    while (r < to && s.charAt(r) == ' ') r++;
    if (r < to && s.charAt(r) == '/' && (start == 0 || s.charAt(start - 1) != '/')) {
      int t = r + 1;
      while (t < to && s.charAt(t) == ' ') t++;
      int t2 = digitsEnd(s, t, to);
      if (t2 > t && (t2 >= to || s.charAt(t2) != '.' && s.charAt(t2) != '/' && s.charAt(t2) != '-')) {
        of = Double.parseDouble(s.substring(t, t2));
        end = t2;
      }
    }
    add(s, runStart, runEnd, start, q, Double.NaN, of, dot);
    parsed[size - 1] = false;
    // a unit written against the number: 5.1s, 30.12GiB, 3.84it/s, 50ms/step, 7.22%
    while (end < to && (isLetter(s.charAt(end)) || s.charAt(end) == '%')) end++;
    if (end + 1 < to && s.charAt(end) == '/' && isLetter(s.charAt(end + 1))) {
      int u = end + 1;
      while (u < to && isLetter(s.charAt(u))) u++;
      if (u - end <= 5 && (u == to || !isNameChar(s.charAt(u)) && s.charAt(u) != '=' && s.charAt(u) != ':')) end = u;
    }
    return end;
  }

  private void add(String s, int runStart, int runEnd, int vStart, int vEnd, double v, double of, boolean dot) {
    int ks = -1;
    int ke = -1;
    if (runStart >= 0 && separator(s, runEnd, vStart)) {
      ks = runStart;
      ke = runEnd;
      int space = s.lastIndexOf(' ', ke - 1);
      if (space >= ks) {
        for (int i = space + 1; i < ke; i++) {
          char c = s.charAt(i);
          if (c == '_' || c == '/') {
            ks = space + 1; // prose before an identifier is not part of its name: "Val info val_loss"
            break;
          }
        }
      }
      // 'cuda:0' is one string, not the key cuda
      char before = ks > 0 ? s.charAt(ks - 1) : ' ';
      if ((before == '\'' || before == '"') && (ke >= s.length() || s.charAt(ke) != before)) {
        ks = ke = -1;
      }
    }
    if (size == keyStart.length) grow();
    keyStart[size] = ks;
    keyEnd[size] = ke;
    valueStart[size] = vStart;
    valueEnd[size] = vEnd;
    value[size] = v;
    parsed[size] = true;
    total[size] = of;
    dotted[size] = dot;
    size++;
  }

  /**
   * Whether what lies between a name and its number joins them: {@code :} or {@code =} with blanks,
   * blanks alone, a run of dots ({@code train_iters ....... 500000}), then any of {@code [ ( ' "} and
   * {@code tensor(}.
   */
  private static boolean separator(String s, int from, int to) {
    int p = from;
    if (p < to && (s.charAt(p) == '\'' || s.charAt(p) == '"')) p++;
    int blanks = p;
    while (p < to && (s.charAt(p) == ' ' || s.charAt(p) == '\t')) p++;
    boolean joined = p > blanks;
    if (p < to && (s.charAt(p) == ':' || s.charAt(p) == '=')) {
      p++;
      joined = true;
    } else if (p + 2 < to && s.charAt(p) == '.' && s.charAt(p + 1) == '.' && s.charAt(p + 2) == '.') {
      while (p < to && (s.charAt(p) == '.' || s.charAt(p) == ' ')) p++;
      joined = true;
    }
    if (!joined) return false;
    while (p < to) {
      char c = s.charAt(p);
      if (c == ' ' || c == '\t' || c == '[' || c == '(' || c == '\'' || c == '"') {
        p++;
      } else if (s.startsWith("tensor(", p)) {
        p += 7;
      } else {
        break;
      }
    }
    return p == to;
  }

  /**
   * A number written alone: {@code 2.61G}, {@code 7,123}, {@code nan}, {@code -inf}, {@code 1.5e-01}; NaN
   * when it is none (a unit after the digits is left out).
   */
  static double number(String text) {
    if (text == null) return Double.NaN;
    String t = text.strip();
    int end = t.length();
    while (end > 0 && (isLetter(t.charAt(end - 1)) || t.charAt(end - 1) == '%')) end--;
    if (end == 0) {
      String w = t.toLowerCase(java.util.Locale.ROOT);
      return w.equals("inf") || w.equals("infinity") ? Double.POSITIVE_INFINITY : Double.NaN;
    }
    double scale = 1;
    if (end < t.length() && end > 0) {
      char u = t.charAt(end);
      if (u == 'k' || u == 'K') scale = 1e3;
      if (u == 'M' && end + 1 == t.length()) scale = 1e6;
    }
    return parse(t, 0, end) * scale;
  }

  private static double parse(String s, int start, int end) {
    int commas = 0;
    for (int i = start; i < end; i++) if (s.charAt(i) == ',') commas++;
    String digits = s.substring(start, end);
    if (commas > 0) digits = digits.replace(",", "");
    try {
      return Double.parseDouble(digits);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static double nanOrInf(String s, int p, int q) {
    int len = q - p;
    if (len == 3 && s.regionMatches(true, p, "inf", 0, 3)) return Double.POSITIVE_INFINITY;
    if (len == 8 && s.regionMatches(true, p, "infinity", 0, 8)) return Double.POSITIVE_INFINITY;
    return Double.NaN;
  }

  private static boolean isNan(String s, int p, int q) {
    return q - p == 3 && s.regionMatches(true, p, "nan", 0, 3);
  }

  private static boolean isEvalWord(String s, int p, int q) {
    // a word holds a bracket only as its end (see wordEnd): then the bracket's part is the one read
    if (s.charAt(q - 1) != ')') return isEval(s, p, q);
    int open = s.indexOf('(', p);
    return q - open > 2 && isEval(s, open + 1, q - 1);
  }

  private static boolean isEval(String s, int p, int q) {
    int len = q - p;
    if (len < 3 || len > 10) return false;
    char c = (char) (s.charAt(p) | 0x20);
    if (c != 'e' && c != 'v' && c != 't' && c != 'i' && c != 's' && c != 'm') return false;
    for (String w : EVAL_WORDS) {
      if (w.length() == len && w.charAt(0) == c && s.regionMatches(true, p, w, 0, len)) return true;
    }
    return false;
  }

  /** A word: letters, digits and {@code _ / . - @}, with at most one bracketed part; no trailing {@code . / -}. */
  private static int wordEnd(String s, int p, int to) {
    int q = p;
    if (s.charAt(q) == '(') {
      int close = q + 1;
      while (close < to && isNameChar(s.charAt(close))) close++;
      return close < to && s.charAt(close) == ')' ? close + 1 : p;
    }
    while (q < to) {
      char c = s.charAt(q);
      if (isNameChar(c)) {
        q++;
      } else if (c == '(') {
        int close = q + 1;
        while (close < to && (isNameChar(s.charAt(close)) || s.charAt(close) == ' ' && close + 1 < to
            && isLetter(s.charAt(close + 1)))) {
          close++;
        }
        if (close < to && s.charAt(close) == ')' && close > q + 1 && isLetter(s.charAt(q + 1))) q = close + 1;
        break;
      } else {
        break;
      }
    }
    while (q > p + 1 && (s.charAt(q - 1) == '.' || s.charAt(q - 1) == '/' || s.charAt(q - 1) == '-')) q--;
    return q;
  }

  private static boolean isNameChar(char c) {
    return isLetter(c) || isDigit(c) || c == '_' || c == '/' || c == '.' || c == '-' || c == '@';
  }

  static boolean isLetter(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int digitsEnd(String s, int p, int to) {
    while (p < to && isDigit(s.charAt(p))) p++;
    return p;
  }

  private static boolean allDigits(String s, int from, int to) {
    if (to > s.length()) return false;
    for (int i = from; i < to; i++) if (!isDigit(s.charAt(i))) return false;
    return true;
  }

  private static int skipSpaces(String s, int p, int to) {
    while (p < to && s.charAt(p) == ' ') p++;
    return p;
  }

  private void grow() {
    int n = keyStart.length * 2;
    keyStart = java.util.Arrays.copyOf(keyStart, n);
    keyEnd = java.util.Arrays.copyOf(keyEnd, n);
    valueStart = java.util.Arrays.copyOf(valueStart, n);
    valueEnd = java.util.Arrays.copyOf(valueEnd, n);
    value = java.util.Arrays.copyOf(value, n);
    parsed = java.util.Arrays.copyOf(parsed, n);
    total = java.util.Arrays.copyOf(total, n);
    dotted = java.util.Arrays.copyOf(dotted, n);
  }
}
