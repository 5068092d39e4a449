package dev.aihc.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aihc.insight.Diagnosis;
import dev.aihc.insight.FailureCause;
import dev.aihc.client.JobResult;
import dev.aihc.client.Run;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The failures of dsl's {@code logs/failures/} replayed as real 2-replica jobs: each replica prints its
 * block to stderr, as the original printed it, and ends as the original did (its exit code, its signal,
 * an OOM kill at its memory limit, or running until the job fails and the engine ends it). The diagnosis
 * the client reads from the engine names the cause, the culprit, the evidence and the hint the fixture
 * states. The jobs run together; a replica's end is delayed by a second plus three times its
 * {@code after}, so the order in which they end holds on a loaded machine.
 */
@Timeout(600)
final class LocalEngineFailureReplayTest {
  private static final Path FIXTURES = Path.of("..", "dsl", "src", "test", "resources", "logs", "failures");
  private static final String PYTHON = "/usr/bin/python3";
  /** Grows until the replica's memory limit kills it. */
  private static final String OOM = PYTHON + " -c 'b = []\nwhile True: b.append(bytearray(8 << 20))'";

  @RegisterExtension static final TestEngine t = TestEngine.perClass();
  @TempDir static Path scripts;

  /** One fixture as the replay needs it: its expected answer and each replica's block. */
  private record Fixture(String name, Map<String, String> expect, List<String> evidence, List<String> hints,
      Map<String, List<String>> blocks) {}

  @Test
  void everyFailureReplayedAsARealJobIsDiagnosedAsItsFixtureSays() throws IOException {
    List<Fixture> fixtures = new ArrayList<>();
    try (Stream<Path> files = Files.list(FIXTURES)) {
      for (Path f : files.filter(f -> f.toString().endsWith(".txt")).sorted().toList()) fixtures.add(read(f));
    }
    assertThat(fixtures).hasSizeGreaterThanOrEqualTo(30);
    Map<Fixture, Run> runs = new LinkedHashMap<>();
    for (Fixture f : fixtures) runs.put(f, t.client.submit(job(f)));

    List<String> wrong = new ArrayList<>();
    for (Map.Entry<Fixture, Run> e : runs.entrySet()) {
      Fixture f = e.getKey();
      JobResult result = e.getValue().await(Duration.ofSeconds(120));
      Diagnosis d = result.diagnosis().orElse(null);
      String problem = d == null ? "no diagnosis (" + result.status() + ")" : problems(f, d);
      if (!problem.isEmpty()) wrong.add(f.name() + ": " + problem + "\n" + d);
    }
    assertThat(wrong).as(wrong.size() + " of " + fixtures.size() + " replays diagnosed wrong").isEmpty();
  }

  private static String problems(Fixture f, Diagnosis d) {
    List<String> out = new ArrayList<>();
    if (d.cause() != FailureCause.valueOf(f.expect().get("cause"))) out.add("cause " + d.cause());
    if (!d.culprit().equals(f.expect().get("culprit"))) out.add("culprit " + d.culprit());
    String rank = f.expect().get("rank");
    if (rank != null && !d.rank().equals(java.util.OptionalInt.of(Integer.parseInt(rank)))) out.add("rank " + d.rank());
    String evidence = String.join("\n", d.evidence());
    for (String e : f.evidence()) if (!evidence.contains(e)) out.add("evidence lacks '" + e + "'");
    for (String h : f.hints()) if (!d.hint().contains(h)) out.add("hint lacks '" + h + "'");
    if (d.evidence().size() > 6) out.add(d.evidence().size() + " evidence lines");
    return String.join(", ", out);
  }

  /** A 2-replica job whose replicas run their block's script: master-0 has RANK 0, worker-0 RANK 1. */
  private static dev.aihc.dsl.Job job(Fixture f) throws IOException {
    Path master = script(f, "master-0");
    Path worker = script(f, "worker-0");
    String name = "replay-" + f.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    if (name.length() > 50) name = name.substring(0, 50).replaceFirst("-+$", "");
    return TestEngine.job(name, "if [ \"$RANK\" = 0 ]; then exec bash " + master + "; else exec bash " + worker + "; fi")
        .replicas(2).memory(0.25);
  }

  /**
   * The replica's script: its lines to stderr (an {@code @@ oom} line runs a process the memory limit
   * kills), then its end after its delay.
   */
  private static Path script(Fixture f, String pod) throws IOException {
    List<String> block = f.blocks().get(pod);
    String[] header = block.get(0).split("\\s+");
    StringBuilder s = new StringBuilder();
    List<String> chunk = new ArrayList<>();
    int part = 0;
    for (String line : block.subList(1, block.size())) {
      if (line.equals("@@ oom")) {
        s.append(print(f, pod, part++, chunk)).append(OOM).append(" 2>/dev/null\n");
        chunk.clear();
      } else {
        chunk.add(line);
      }
    }
    s.append(print(f, pod, part, chunk));
    double after = header.length >= 4 && header[2].equals("after") ? Double.parseDouble(header[3]) : 30;
    s.append(String.format(Locale.ROOT, "sleep %.1f\n", 1 + 3 * after));
    s.append(switch (header[0]) {
      case "exit" -> "exit " + header[1] + "\n";
      case "signal" -> "kill -" + header[1] + " $$\n";
      default -> "sleep 60\n";
    });
    Path file = scripts.resolve(f.name() + "-" + pod + ".sh");
    Files.writeString(file, s.toString());
    return file;
  }

  private static String print(Fixture f, String pod, int part, List<String> lines) throws IOException {
    if (lines.isEmpty()) return "";
    Path text = scripts.resolve(f.name() + "-" + pod + "-" + part + ".txt");
    Files.write(text, lines, StandardCharsets.UTF_8);
    return "cat " + text + " >&2\n";
  }

  private static Fixture read(Path file) throws IOException {
    Map<String, String> expect = new LinkedHashMap<>();
    List<String> evidence = new ArrayList<>();
    List<String> hints = new ArrayList<>();
    Map<String, List<String>> blocks = new LinkedHashMap<>();
    List<String> block = null;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.startsWith("== ")) {
        String[] h = line.substring(3).trim().split("\\s+", 2);
        block = new ArrayList<>(List.of(h.length > 1 ? h[1] : "running"));
        blocks.put(h[0], block);
      } else if (block != null) {
        block.add(line);
      } else if (line.startsWith("evidence: ")) {
        evidence.add(line.substring(10).trim());
      } else if (line.startsWith("hint: ")) {
        hints.add(line.substring(6).trim());
      } else if (line.matches("^(cause|culprit|rank): .*")) {
        expect.put(line.substring(0, line.indexOf(':')), line.substring(line.indexOf(':') + 1).trim());
      }
    }
    for (List<String> b : blocks.values()) {
      while (b.size() > 1 && b.get(b.size() - 1).isBlank()) b.remove(b.size() - 1);
    }
    return new Fixture(file.getFileName().toString().replaceFirst("\\.txt$", ""), expect, evidence, hints, blocks);
  }
}
