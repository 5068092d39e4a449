package dev.aihc.client;

import dev.aihc.wire.JobStatus;
import dev.aihc.insight.FollowedProgress;
import dev.aihc.internal.http.Scope;
import dev.aihc.internal.http.Transport;
import dev.aihc.wire.JobItem;
import dev.aihc.wire.JobLogs;
import dev.aihc.wire.PodItem;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Polls every pod's log with DescribeJobLogs markers (AIHC has no streaming endpoint) and writes new
 * lines to the sink until the job has ended and every log is drained.
 */
final class LogFollower {
  private final AihcClient client;
  private final Scope scope;
  private final String id;
  private final String name;
  private final Map<String, Cursor> cursors = new LinkedHashMap<>();
  private final Map<String, Integer> restarts = new LinkedHashMap<>();
  /** Each replica's progress as its lines so far state it. */
  private final FollowedProgress progress = new FollowedProgress();

  LogFollower(AihcClient client, Scope scope, String id, String name) {
    this.client = client;
    this.scope = scope;
    this.id = id;
    this.name = name;
  }

  JobResult follow() {
    long start = System.nanoTime();
    JobStatus last = null;
    client.sink().start(name, id);
    WaitingNote waiting = new WaitingNote(client, scope, id, name);
    while (true) {
      JobItem item = client.describeJob(scope, id, true);
      if (item.status() != last) {
        last = item.status();
        client.sink().progress(name + " " + id + ": " + last);
      }
      for (PodItem pod : item.pods()) {
        String source = pod.shortName(name);
        Integer before = restarts.put(pod.podName(), pod.restarts());
        if (before != null && pod.restarts() > before) {
          client.sink().progress("[" + source + "] restarted (restart " + pod.restarts() + ")");
        }
        cursors.computeIfAbsent(pod.podName(), p -> new Cursor())
            .drain(client, scope, id, pod.podName(), line -> {
              client.sink().log(source, line);
              progress.accept(pod.podName(), source, line);
            });
      }
      if (last.isTerminal()) {
        // The replicas have exited, so their logs are complete: one last pass drains them.
        for (Map.Entry<String, Cursor> e : cursors.entrySet()) {
          String source = e.getKey().startsWith(name + "-") ? e.getKey().substring(name.length() + 1) : e.getKey();
          e.getValue().drain(client, scope, id, e.getKey(), line -> {
            client.sink().log(source, line);
            progress.accept(e.getKey(), source, line);
          });
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        showProgress(item);
        client.sink().polled(item, elapsed);
        Waiter waiter = new Waiter(client, scope, id, name);
        return waiter.shown(waiter.result(item, elapsed));
      }
      showProgress(item);
      waiting.polled(item);
      client.sink().polled(item, Duration.ofNanos(System.nanoTime() - start));
      Transport.sleep(client.pollInterval(), "following " + name + " " + id);
    }
  }

  /** The progress of the first replica (master first) whose lines stated one; nothing before any did. */
  private void showProgress(JobItem item) {
    progress.current(item, client.clock().instant()).ifPresent(client.sink()::progressBar);
  }

  /**
   * A position in one pod's log. A non-empty {@code nextMarker} moves it on; an empty one (the end,
   * as the cloud says it) leaves it where the page started, remembering how many lines to skip next time.
   */
  static final class Cursor {
    private String marker = "";
    private int skip;

    void drain(AihcClient client, Scope scope, String jobId, String podName, Consumer<String> out) {
      while (true) {
        JobLogs page = client.describeJobLogs(scope, LogRequest.of(jobId, podName).marker(marker));
        int from = Math.min(skip, page.logs().size());
        page.logs().subList(from, page.logs().size()).forEach(out);
        if (page.nextMarker().isEmpty()) {
          skip = page.logs().size();
          return;
        }
        boolean moved = !page.nextMarker().equals(marker);
        marker = page.nextMarker();
        skip = 0;
        if (page.logs().isEmpty() || !moved) return;
      }
    }
  }
}
