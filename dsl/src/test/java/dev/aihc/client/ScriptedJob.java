package dev.aihc.client;

import static dev.aihc.client.FakeAihc.ok;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * One job on a {@link FakeAihc} that moves through stages: each DescribeJob answers with the next stage
 * (the last one repeats) and first appends that stage's new log lines. DescribeJobLogs pages each pod's
 * log {@value #PAGE} lines at a time with numeric markers, ending either with an empty
 * {@code nextMarker} or with one that points past the last line, as {@link Paging} says.
 */
final class ScriptedJob {
  static final int PAGE = 2;

  /** How the service says "no more lines for now". */
  enum Paging {
    /** The last page's {@code nextMarker} is empty (the spec's wording). */
    EMPTY_AT_END,
    /** The last page's {@code nextMarker} points past the last line; the page after it is empty. */
    POSITION_AT_END
  }

  private final String id;
  private final String name;
  private final Paging paging;
  private final List<Stage> stages = new ArrayList<>();
  private final AtomicInteger describes = new AtomicInteger();
  private final Map<String, List<String>> logs = new ConcurrentHashMap<>();

  /** One DescribeJob answer and the log lines written before it. */
  private record Stage(String status, String reason, List<String> pods, Map<String, List<String>> newLines) {}

  ScriptedJob(String id, String name, Paging paging) {
    this.id = id;
    this.name = name;
    this.paging = paging;
  }

  /**
   * Adds a stage: the job in {@code status} with {@code pods} given as {@code "worker-0"} or
   * {@code "worker-0:2"} (short name and restart count), after {@code lines} were written, given as
   * alternating short pod names and lines.
   */
  ScriptedJob stage(String status, List<String> pods, String... lines) {
    return stage(status, null, pods, lines);
  }

  ScriptedJob stage(String status, String reason, List<String> pods, String... lines) {
    Map<String, List<String>> byPod = new java.util.LinkedHashMap<>();
    for (int i = 0; i < lines.length; i += 2) {
      byPod.computeIfAbsent(lines[i], p -> new ArrayList<>()).add(lines[i + 1]);
    }
    stages.add(new Stage(status, reason, pods, byPod));
    return this;
  }

  /** Scripts DescribeJob and DescribeJobLogs of this job on {@code fake}. */
  ScriptedJob on(FakeAihc fake) {
    fake.always("DescribeJob", this::describe);
    fake.always("DescribeJobLogs", this::logs);
    return this;
  }

  int describes() {
    return describes.get();
  }

  private synchronized MockResponse describe(RecordedRequest r) {
    int n = describes.getAndIncrement();
    Stage stage = stages.get(Math.min(n, stages.size() - 1));
    if (n < stages.size()) {
      stage.newLines().forEach((pod, lines) ->
          logs.computeIfAbsent(name + "-" + pod, p -> new CopyOnWriteArrayList<>()).addAll(lines));
    }
    String pods = stage.pods().stream().map(p -> {
      String[] parts = p.split(":");
      int restarts = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
      return "{\"podName\":\"" + name + "-" + parts[0] + "\",\"status\":\"Running\",\"replicaType\":\""
          + parts[0].replaceAll("-\\d+$", "") + "\",\"restartCount\":" + restarts + "}";
    }).collect(Collectors.joining(","));
    return ok("{\"requestId\":\"r\",\"jobId\":\"" + id + "\",\"name\":\"" + name + "\",\"status\":\""
        + stage.status() + "\"" + (stage.reason() == null ? "" : ",\"reason\":\"" + stage.reason() + "\"")
        + ",\"pods\":[" + pods + "]}");
  }

  MockResponse logs(RecordedRequest r) {
    var body = FakeAihc.json(r.getBody().utf8());
    String pod = body.path("podName").asText();
    String marker = body.path("marker").asText("");
    List<String> all = logs.getOrDefault(pod, List.of());
    int from = marker.isEmpty() ? 0 : Integer.parseInt(marker);
    int to = Math.min(all.size(), from + PAGE);
    List<String> page = all.subList(Math.min(from, to), to);
    String next = paging == Paging.POSITION_AT_END || to < all.size() ? String.valueOf(to) : "";
    String lines = page.stream().map(l -> "\"" + l + "\"").collect(Collectors.joining(","));
    return ok("{\"jobId\":\"" + id + "\",\"podName\":\"" + pod + "\",\"logs\":[" + lines + "],\"nextMarker\":\""
        + next + "\"}");
  }
}
