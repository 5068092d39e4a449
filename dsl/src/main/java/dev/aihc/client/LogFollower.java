package dev.aihc.client;

import dev.aihc.insight.FollowedProgress;
import dev.aihc.wire.JobItem;
import dev.aihc.wire.JobLogs;
import dev.aihc.wire.PodItem;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Follows a job through the {@link PollLoop}: on each poll, every pod's new log lines (DescribeJobLogs
 * markers; AIHC has no streaming endpoint) to the sink, a pod's restart, and the newest progress; once the
 * job has ended, one last pass drains every log.
 */
final class LogFollower implements PollLoop.Step {
  private final JobHandle job;
  private final OutputSink sink;
  private final Map<String, Cursor> cursors = new LinkedHashMap<>();
  private final Map<String, Integer> restarts = new LinkedHashMap<>();
  /** Each replica's progress as its lines so far state it. */
  private final FollowedProgress progress = new FollowedProgress();

  LogFollower(JobHandle job) {
    this.job = job;
    this.sink = job.client().sink();
  }

  JobResult follow() {
    return new PollLoop(job).run(true, null, "following", this);
  }

  @Override
  public void polled(JobItem item) {
    String name = job.name();
    for (PodItem pod : item.pods()) {
      String source = pod.shortName(name);
      Integer before = restarts.put(pod.podName(), pod.restarts());
      if (before != null && pod.restarts() > before) {
        sink.progress("[" + source + "] restarted (restart " + pod.restarts() + ")");
      }
      cursors.computeIfAbsent(pod.podName(), p -> new Cursor()).drain(job, pod.podName(), line -> {
        sink.log(source, line);
        progress.accept(pod.podName(), source, line);
      });
    }
    if (item.status().isTerminal()) {
      // The replicas have exited, so their logs are complete: one last pass drains them.
      for (Map.Entry<String, Cursor> e : cursors.entrySet()) {
        String source = e.getKey().startsWith(name + "-") ? e.getKey().substring(name.length() + 1) : e.getKey();
        e.getValue().drain(job, e.getKey(), line -> {
          sink.log(source, line);
          progress.accept(e.getKey(), source, line);
        });
      }
    }
    progress.current(item, job.now()).ifPresent(sink::progressBar);
  }

  /**
   * A position in one pod's log. A non-empty {@code nextMarker} moves it on; an empty one (the end,
   * as the cloud says it) leaves it where the page started, remembering how many lines to skip next time.
   */
  static final class Cursor {
    private String marker = "";
    private int skip;

    void drain(JobHandle job, String podName, Consumer<String> out) {
      while (true) {
        JobLogs page = job.client().describeJobLogs(job.scope(), LogRequest.of(job.id(), podName).marker(marker));
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
