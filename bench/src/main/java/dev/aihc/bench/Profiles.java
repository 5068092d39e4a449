package dev.aihc.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JFR recording's CPU samples went, as a Markdown table for BENCHMARKS.md. Each execution sample
 * counts once, for the frame nearest the leaf that belongs to a part named below (JDK collections, strings
 * and regexes name no part, so their time goes to the caller that used them).
 *
 * <p>{@code java -cp ... dev.aihc.bench.Profiles FILE.jfr [FROM TO]} (instants bounding the samples, as
 * {@code EndToEnd --profile} writes them to {@code create-window.txt}).
 */
public final class Profiles {
  private static final Map<String, Predicate<String>> PARTS = new LinkedHashMap<>();

  static {
    PARTS.put("signing (HMAC-SHA256, canonical request)", c -> c.startsWith("javax.crypto") || c.startsWith("com.sun.crypto")
        || c.startsWith("sun.security") || c.contains("Signer") || c.contains("Canonical") || c.contains("AuthorizationHeader")
        || c.contains("SigningInterceptor"));
    PARTS.put("SQLite (JDBC + native)", c -> c.startsWith("org.sqlite") || c.startsWith("java.sql"));
    PARTS.put("JSON (Jackson)", c -> c.startsWith("com.fasterxml.jackson"));
    PARTS.put("HTTP client (OkHttp, okio)", c -> c.startsWith("okhttp3") || c.startsWith("okio"));
    PARTS.put("HTTP server (JDK)", c -> c.startsWith("sun.net.httpserver") || c.startsWith("com.sun.net.httpserver"));
    PARTS.put("sockets and files (JDK I/O)", c -> c.startsWith("sun.nio") || c.startsWith("java.net") || c.startsWith("java.io")
        || c.startsWith("sun.net") || c.startsWith("java.nio"));
    PARTS.put("job validation", c -> c.contains("JobValidator"));
    PARTS.put("job model (build, JSON in and out)", c -> c.startsWith("dev.aihc.dsl"));
    PARTS.put("engine: API, store, scheduler", c -> c.startsWith("dev.aihc.local"));
    PARTS.put("client: submit, retry, answers", c -> c.startsWith("dev.aihc"));
    PARTS.put("threads, locks, waiting", c -> c.startsWith("java.util.concurrent") || c.startsWith("jdk.internal.misc.Unsafe")
        || c.startsWith("java.lang.Thread"));
    PARTS.put("bench harness", c -> c.startsWith("dev.aihc.bench"));
  }

  private Profiles() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1 && args.length != 3) {
      System.err.println("usage: Profiles FILE.jfr [FROM TO]");
      System.exit(2);
    }
    Instant from = args.length == 3 ? Instant.parse(args[1]) : Instant.MIN;
    Instant to = args.length == 3 ? Instant.parse(args[2]) : Instant.MAX;
    Map<String, Integer> counts = summarise(Path.of(args[0]), from, to);
    int total = counts.values().stream().mapToInt(Integer::intValue).sum();
    System.out.println("| where | samples | share |");
    System.out.println("|---|---:|---:|");
    counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .forEach(e -> System.out.printf("| %s | %d | %.0f%% |%n", e.getKey(), e.getValue(), 100.0 * e.getValue() / total));
    System.out.printf("| all | %d | 100%% |%n", total);
  }

  /** Samples per part between {@code from} and {@code to}. */
  static Map<String, Integer> summarise(Path jfr, Instant from, Instant to) throws IOException {
    if (!Files.isRegularFile(jfr)) throw new IOException("no recording at " + jfr);
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
      if (!e.getEventType().getName().equals("jdk.ExecutionSample")) continue;
      if (e.getStartTime().isBefore(from) || e.getStartTime().isAfter(to) || e.getStackTrace() == null) continue;
      counts.merge(part(e.getStackTrace().getFrames()), 1, Integer::sum);
    }
    return counts;
  }

  private static String part(List<RecordedFrame> frames) {
    for (RecordedFrame f : frames) { // leaf first
      String type = f.getMethod().getType().getName();
      for (Map.Entry<String, Predicate<String>> p : PARTS.entrySet()) {
        if (p.getValue().test(type)) return p.getKey();
      }
    }
    return "other (JDK)";
  }
}
