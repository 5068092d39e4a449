package dev.aihc.insight;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One file of {@code logs/failures/}: what each replica printed and how it ended, and the answer a
 * person would read from it (see that folder's README).
 */
record FailureFixture(String name, String cause, String culprit, Integer rank, List<String> evidence,
    List<String> hints, List<Replica> replicas) {

  /** One replica's block: how it ended ({@code exit} code or {@code signal}, or still running), and its lines. */
  record Replica(String pod, Integer exit, String signal, double after, boolean oom, List<String> lines) {
    boolean running() {
      return exit == null && signal == null;
    }

    /** The exit code the platform records: the code, or 128 + the signal's number. */
    Integer exitCode() {
      if (signal == null) return exit;
      return 128 + switch (signal) {
        case "KILL" -> 9;
        case "SEGV" -> 11;
        case "ABRT" -> 6;
        case "BUS" -> 7;
        case "TERM" -> 15;
        default -> throw new IllegalArgumentException("signal " + signal);
      };
    }
  }

  static final Path DIR = directory();

  static Stream<FailureFixture> all() {
    try (Stream<Path> files = Files.list(DIR)) {
      return files.filter(f -> f.toString().endsWith(".txt")).sorted().map(FailureFixture::read).toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static FailureFixture read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String cause = null;
    String culprit = null;
    Integer rank = null;
    List<String> evidence = new ArrayList<>();
    List<String> hints = new ArrayList<>();
    List<Replica> replicas = new ArrayList<>();
    String[] header = null;
    List<String> block = null;
    for (String line : lines) {
      if (line.startsWith("== ")) {
        if (header != null) replicas.add(replica(header, block));
        header = line.substring(3).trim().split("\\s+");
        block = new ArrayList<>();
      } else if (header != null) {
        block.add(line);
      } else if (line.startsWith("cause: ")) {
        cause = line.substring(7).trim();
      } else if (line.startsWith("culprit: ")) {
        culprit = line.substring(9).trim();
      } else if (line.startsWith("rank: ")) {
        rank = Integer.valueOf(line.substring(6).trim());
      } else if (line.startsWith("evidence: ")) {
        evidence.add(line.substring(10).trim());
      } else if (line.startsWith("hint: ")) {
        hints.add(line.substring(6).trim());
      }
    }
    if (header != null) replicas.add(replica(header, block));
    String name = file.getFileName().toString().replaceFirst("\\.txt$", "");
    if (cause == null || culprit == null || replicas.isEmpty()) throw new IllegalArgumentException(name + ": incomplete");
    return new FailureFixture(name, cause, culprit, rank, List.copyOf(evidence), List.copyOf(hints), List.copyOf(replicas));
  }

  private static Replica replica(String[] h, List<String> block) {
    // <pod> exit N [after S] | <pod> signal NAME [after S] | <pod> running
    Integer exit = h[1].equals("exit") ? Integer.valueOf(h[2]) : null;
    String signal = h[1].equals("signal") ? h[2] : null;
    double after = h.length >= 5 && h[3].equals("after") ? Double.parseDouble(h[4]) : Double.POSITIVE_INFINITY;
    while (!block.isEmpty() && block.get(block.size() - 1).isBlank()) block.remove(block.size() - 1);
    boolean oom = block.stream().anyMatch(l -> l.equals("@@ oom"));
    return new Replica(h[0], exit, signal, after, oom, List.copyOf(block));
  }

  /** What the replica printed: its block without the replay's {@code @@} lines. */
  static List<String> printed(Replica r) {
    return r.lines().stream().filter(l -> !l.startsWith("@@ ")).toList();
  }

  @Override
  public String toString() {
    return name;
  }

  private static Path directory() {
    try {
      return Path.of(FailureFixture.class.getResource("/logs/failures/README.md").toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
