package dev.aihc.insight;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the answers of one run remember between calls: where each replica's log was read to, and what its
 * scanners took from it (header totals, the values read so far). {@code progress()} then reads only the
 * newest part of each log, and {@code series(name)} only what was appended since its last call; a finished
 * job's series is read once. Not API: {@code dev.aihc.client} keeps one per {@code Run}. Thread-safe: each
 * answer holds it while it reads.
 */
public final class LogMemory {
  /** One replica's stream and the scanner it feeds. */
  static final class Reading {
    final LogStream stream;
    final LogScanner scanner;

    Reading(String podName, LogScanner scanner) {
      this.stream = new LogStream(podName);
      this.scanner = scanner;
    }
  }

  /** The readings of one question (progress, a series name, the names), by pod name. */
  static final class Question {
    final Map<String, Reading> pods = new HashMap<>();
    /** The answer once the job had ended and every log was read to its end. */
    Object done;
  }

  private final Map<String, Question> questions = new HashMap<>();

  /** The readings of a question: {@code progress}, {@code series:NAME}, {@code names}. */
  synchronized Question question(String key) {
    return questions.computeIfAbsent(key.toLowerCase(Locale.ROOT), k -> new Question());
  }

  /** How many questions it remembers (for tests). */
  synchronized int size() {
    return questions.size();
  }

  /** Every pod's scanner of a question, in {@code podNames}' order, that has read anything. */
  static List<LogScanner> scanners(Question q, List<String> podNames) {
    return podNames.stream().map(q.pods::get).filter(r -> r != null).map(r -> r.scanner).toList();
  }
}
