package dev.aihc.client;

import dev.aihc.insight.FollowedProgress;
import dev.aihc.wire.JobItem;
import dev.aihc.wire.JobLogs;
import dev.aihc.wire.PodItem;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Follows a job through the {@link PollLoop}: on each poll, every pod's new log lines (DescribeJobLogs
 * markers; AIHC has no streaming endpoint) to the sink, a pod's restart, and the newest progress; once the
 * job has ended, one last pass drains every log.
 */
final class LogFollower implements PollLoop.Step {
  private final JobHandle job;
  private final OutputSink sink;
  private final FollowOptions options;
  private final Map<String, Cursor> cursors = new LinkedHashMap<>();
  private final Map<String, Integer> restarts = new LinkedHashMap<>();
  /** Each replica's progress as its lines so far state it. */
  private final FollowedProgress progress = new FollowedProgress();

  LogFollower(JobHandle job, FollowOptions options) {
    this.job = job;
    this.sink = job.client().sink();
    this.options = options;
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
      cursors.computeIfAbsent(pod.podName(), p -> new Cursor(options.tail())).drain(job, pod.podName(), line -> {
        sink.log(source, line);
        progress.accept(pod.podName(), source, line);
      }, skipped -> sink.progress("[" + source + "] " + skipped + " earlier " + (skipped == 1 ? "line" : "lines")
          + " not shown (run.follow(FollowOptions.all()) shows every line)"));
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
   * Its first drain can show only the last lines of what it reads ({@link FollowOptions#tail()}).
   */
  static final class Cursor {
    private String marker = "";
    private int skip;
    /** How many of the lines the first drain reads it shows, the last ones; -1 all (and after the first drain). */
    private int firstTail;

    /** A cursor that shows every line. */
    Cursor() {
      this(-1);
    }

    Cursor(int firstTail) {
      this.firstTail = firstTail;
    }

    /**
     * Shows the lines after this position and moves past them; on the first drain only the last
     * {@code firstTail}, telling {@code skipped} how many it left out. A request that fails leaves the
     * position after the last line shown, so that the next drain goes on without a gap or a line twice.
     */
    void drain(JobHandle job, String podName, Consumer<String> out, IntConsumer skipped) {
      if (firstTail < 0) {
        drain(job, podName, out);
        return;
      }
      String startMarker = marker;
      int startSkip = skip;
      ArrayDeque<String> last = new ArrayDeque<>();
      int[] read = {0};
      try {
        drain(job, podName, line -> {
          read[0]++;
          if (firstTail == 0) return;
          if (last.size() == firstTail) last.removeFirst();
          last.addLast(line);
        });
      } catch (RuntimeException e) {
        marker = startMarker; // nothing was shown: read it all again next time
        skip = startSkip;
        throw e;
      }
      firstTail = -1;
      if (read[0] > last.size()) skipped.accept(read[0] - last.size());
      last.forEach(out);
    }

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
