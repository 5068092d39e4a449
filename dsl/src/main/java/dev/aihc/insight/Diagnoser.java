package dev.aihc.insight;

import dev.aihc.wire.JobStatus;
import dev.aihc.wire.JobEvent;
import dev.aihc.wire.JobItem;
import dev.aihc.wire.PodItem;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Fetches what {@link FailureAnalysis} reads for a failed job: the job with its pods, its events, each
 * failed pod's events and the end of every replica's log (a bounded part, whatever its length). A
 * diagnosis is a courtesy: when a call fails it is simply absent, only an interrupt gets through.
 */
final class Diagnoser {
  /** Log lines kept from the end of each replica's log: enough for a traceback and what led to it. */
  static final int TAIL_LINES = 80;

  private final JobLookup job;

  Diagnoser(JobLookup job) {
    this.job = job;
  }

  /** The diagnosis of the job when it failed; empty for any other status or when it cannot be read. */
  Optional<Diagnosis> diagnose() {
    try {
      JobItem item = job.job(true);
      if (item.status() != JobStatus.FAILED) return Optional.empty();
      // the job's events and each replica's events and log end are asked for at once: a few round trips each
      List<JobEvent> jobEvents = new ArrayList<>();
      FailureAnalysis.PodClues[] pods = new FailureAnalysis.PodClues[item.pods().size()];
      List<Runnable> reads = new ArrayList<>();
      reads.add(() -> jobEvents.addAll(job.events()));
      Instant end = ended(item);
      for (int i = 0; i < pods.length; i++) {
        int at = i;
        PodItem pod = item.pods().get(i);
        reads.add(() -> {
          List<JobEvent> podEvents = "Failed".equalsIgnoreCase(pod.status()) ? job.podEvents(pod.podName()) : List.of();
          pods[at] = new FailureAnalysis.PodClues(pod.shortName(item.name()), pod, podEvents, tail(pod.podName(), end));
        });
      }
      InParallel.run(reads);
      return Optional.of(FailureAnalysis.analyse(item, jobEvents, List.of(pods)));
    } catch (RuntimeException e) {
      // An interrupted call leaves the thread's interrupt flag set: that one gets through.
      if (Thread.currentThread().isInterrupted()) throw e;
      return Optional.empty();
    }
  }

  /**
   * The end of one replica's log: the shared reader's bounded read of its newest part (on the local
   * engine the last bytes before the log's end, on AIHC a window of time before the job's end), so the
   * cost does not grow with the log.
   */
  private List<String> tail(String podName, Instant end) {
    Tail tail = new Tail();
    new LogStream(podName).readTail(job, end, tail);
    return tail.lines();
  }

  /** When the job ended, on the service's clock (its logs' clock); now when it does not say. */
  private Instant ended(JobItem item) {
    try {
      return OffsetDateTime.parse(item.finishedAt()).toInstant();
    } catch (RuntimeException e) {
      return job.now();
    }
  }

  /**
   * The last {@link #TAIL_LINES} lines of a log worth reading. NCCL's INFO lines are passed over: they
   * never say why, and NCCL_DEBUG=INFO prints them by the hundred as a failed job tears down.
   */
  static final class Tail implements Consumer<String> {
    private final Deque<String> last = new ArrayDeque<>();

    @Override
    public void accept(String line) {
      if (line.contains(" NCCL INFO ")) return;
      if (last.size() == TAIL_LINES) last.removeFirst();
      last.addLast(line);
    }

    List<String> lines() {
      return List.copyOf(last);
    }
  }
}
