package dev.aihc.client;

import dev.aihc.wire.JobStatus;
import dev.aihc.wire.JobEvent;
import dev.aihc.wire.JobItem;
import dev.aihc.wire.PodItem;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import dev.aihc.internal.http.Scope;

/**
 * Fetches what {@link FailureAnalysis} reads for a failed job: the job with its pods, its events, each
 * failed pod's events and the end of every replica's log. A diagnosis is a courtesy: when a call fails
 * it is simply absent, only an interrupt gets through.
 */
final class Diagnoser {
  /** Log lines kept from the end of each replica's log: enough for a traceback and what led to it. */
  static final int TAIL_LINES = 80;

  private final AihcClient client;
  private final Scope scope;
  private final String id;

  Diagnoser(AihcClient client, Scope scope, String id) {
    this.client = client;
    this.scope = scope;
    this.id = id;
  }

  /** The diagnosis of the job when it failed; empty for any other status or when it cannot be read. */
  Optional<Diagnosis> diagnose() {
    try {
      JobItem job = client.describeJob(scope, id, true);
      if (job.status() != JobStatus.FAILED) return Optional.empty();
      List<JobEvent> jobEvents = client.describeJobEvents(scope, id, null, null).events();
      List<FailureAnalysis.PodClues> pods = new ArrayList<>();
      for (PodItem pod : job.pods()) {
        List<JobEvent> podEvents = "Failed".equalsIgnoreCase(pod.status())
            ? client.describePodEvents(scope, id, pod.podName(), null, null).events() : List.of();
        pods.add(new FailureAnalysis.PodClues(pod.shortName(job.name()), pod, podEvents, tail(pod.podName())));
      }
      return Optional.of(FailureAnalysis.analyse(job, jobEvents, pods));
    } catch (AihcInterruptedException e) {
      throw e;
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private List<String> tail(String podName) {
    Deque<String> last = new ArrayDeque<>();
    new LogFollower.Cursor().drain(client, scope, id, podName, line -> {
      if (last.size() == TAIL_LINES) last.removeFirst();
      last.addLast(line);
    });
    return List.copyOf(last);
  }
}
