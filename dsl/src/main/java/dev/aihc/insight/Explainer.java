package dev.aihc.insight;

import dev.aihc.wire.JobStatus;
import dev.aihc.internal.time.Elapsed;
import dev.aihc.wire.JobCondition;
import dev.aihc.wire.JobEvent;
import dev.aihc.wire.JobItem;
import dev.aihc.wire.QueueItem;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Builds the client's {@code Run#why()}: DescribeJob, and for a waiting job DescribeQueue (capacity and
 * usage), DescribeJobs of its queue (the waiting order, the running jobs holding resources) and its
 * events. The same calls answer on AIHC and on the local engine.
 */
final class Explainer {
  private final JobLookup lookup;

  Explainer(JobLookup lookup) {
    this.lookup = lookup;
  }

  Explanation explain() {
    JobItem job = lookup.job(false);
    List<String> reasons = new ArrayList<>();
    List<String> blocking = new ArrayList<>();
    switch (job.status()) {
      case CREATED -> waiting(job, reasons, blocking);
      case RUNNING -> {
        Instant since = lastCondition(job, JobStatus.RUNNING);
        reasons.add(since == null ? "it is running" : "it has been running since " + since + " ("
            + Elapsed.text(Duration.between(since, lookup.now())) + ")");
        addReason(job, reasons);
      }
      case SUCCEEDED, FAILED, STOPPED -> {
        reasons.add("it ended " + job.status() + (job.finishedAt() == null || job.finishedAt().isEmpty() ? ""
            : " at " + job.finishedAt()) + (job.reason() == null || job.reason().isEmpty() ? "" : ": " + job.reason()));
        if (job.status() == JobStatus.FAILED) {
          new Diagnoser(lookup).diagnose().ifPresent(d -> reasons.add("diagnosis: " + d.summary()));
        }
      }
      default -> {
        reasons.add("it is " + job.status() + switch (job.status()) {
          case SCHEDULED, STARTING -> ": admitted to its queue, its replicas are starting";
          case RESTARTING -> ": its replicas are being restarted";
          case STOPPING -> ": its replicas are being stopped";
          default -> "";
        });
        addReason(job, reasons);
      }
    }
    return new Explanation(job.jobId(), job.name(), job.status(), reasons, blocking);
  }

  private void waiting(JobItem job, List<String> reasons, List<String> blocking) {
    addReason(job, reasons);
    Map<String, Double> perReplica = QueueFit.perReplica(job.jobSpec());
    int replicas = QueueFit.replicas(job.jobSpec());
    QueueItem queue = lookup.queue(job);
    String queueName = queue.queueName() != null ? queue.queueName() : lookup.queueOf(job);
    List<String> shortOnes = new ArrayList<>();
    for (QueueFit.Line l : QueueFit.lines(perReplica, replicas, queue)) {
      if (!l.canEverFit()) {
        reasons.add("it needs " + l.demand() + " at once, more than queue " + queueName + " has in all ("
            + QueueFit.amount(l.resource(), l.capacity()) + "): it can never start there");
      } else if (!l.fitsNow()) {
        shortOnes.add(l.resource());
        reasons.add("it needs " + l.demand() + " at once; queue " + queueName + " has " + QueueFit.number(l.free())
            + " of " + QueueFit.number(l.capacity()) + " free (" + QueueFit.number(l.needed() - l.free()) + " short)");
      }
    }
    if (queue.pausedBy() != null) reasons.add("launching in queue " + queueName + " is paused by " + queue.pausedBy());
    if (Boolean.FALSE.equals(queue.opened())) reasons.add("queue " + queueName + " is closed");
    place(job, queueName, reasons);
    holders(job, shortOnes.isEmpty() ? List.copyOf(perReplica.keySet()) : shortOnes, reasons, blocking);
    if (reasons.isEmpty()) lastEvent(reasons);
  }

  /** Its place among the waiting jobs: by priority, then by creation, as both schedulers order them. */
  private void place(JobItem job, String queueName, List<String> reasons) {
    List<JobItem> waiting = lookup.queueJobs(job, JobStatus.CREATED).stream()
        .sorted(Comparator.comparingInt((JobItem j) -> rank(j.priority()))
            .thenComparing(j -> j.createdAt() == null ? "" : j.createdAt()))
        .toList();
    int at = 0;
    for (int i = 0; i < waiting.size(); i++) {
      if (waiting.get(i).jobId().equals(job.jobId())) at = i + 1;
    }
    if (at == 0) return;
    List<JobItem> ahead = waiting.subList(0, at - 1);
    long higher = ahead.stream().filter(j -> rank(j.priority()) < rank(job.priority())).count();
    reasons.add("it is " + ordinal(at) + " of " + waiting.size() + " waiting " + (waiting.size() == 1 ? "job" : "jobs")
        + " in queue " + queueName + (higher == 0 ? "" : "; " + higher + " of higher priority than its "
        + priority(job) + " " + (higher == 1 ? "goes" : "go") + " first"));
  }

  /** The running jobs of the queue holding {@code resources}, largest holder first. */
  private void holders(JobItem job, List<String> resources, List<String> reasons,
      List<String> blocking) {
    if (resources.isEmpty()) return;
    record Holder(JobItem job, double amount, String text) {}
    List<Holder> holders = new ArrayList<>();
    lookup.queueJobs(job, JobStatus.RUNNING).forEach(j -> {
      Map<String, Double> per = QueueFit.perReplica(j.jobSpec());
      int n = QueueFit.replicas(j.jobSpec());
      double first = 0;
      List<String> parts = new ArrayList<>();
      for (String r : resources) {
        double held = per.getOrDefault(r, 0.0) * n;
        if (held <= 0) continue;
        if (parts.isEmpty()) first = held;
        parts.add(QueueFit.amount(r, held));
      }
      if (!parts.isEmpty()) holders.add(new Holder(j, first, j.jobId() + " " + j.name() + " (" + String.join(", ", parts) + ")"));
    });
    holders.sort(Comparator.comparingDouble(Holder::amount).reversed());
    for (Holder h : holders) blocking.add(h.job().jobId());
    if (!holders.isEmpty()) {
      reasons.add((holders.size() == 1 ? "1 running job holds" : holders.size() + " running jobs hold")
          + " what it needs: " + String.join(", ", holders.stream().map(Holder::text).toList()));
    }
  }

  private void addReason(JobItem job, List<String> reasons) {
    if (job.reason() != null && !job.reason().isEmpty()) reasons.add(job.reason());
  }

  /** The cloud leaves a waiting job's reason empty: its newest event says what the scheduler thinks. */
  private void lastEvent(List<String> reasons) {
    List<JobEvent> events = lookup.events();
    if (!events.isEmpty()) {
      JobEvent e = events.get(events.size() - 1);
      reasons.add(e.reason() + ": " + e.message());
    }
  }

  private static Instant lastCondition(JobItem job, JobStatus status) {
    Instant at = null;
    for (JobCondition c : job.jobTimeLine()) {
      if (JobStatus.fromWire(c.conditionType()) != status) continue;
      try {
        at = OffsetDateTime.parse(c.time()).toInstant();
      } catch (DateTimeParseException | NullPointerException e) {
        // keep the earlier one
      }
    }
    return at;
  }

  private static int rank(String priority) {
    if (priority == null) return 1;
    return switch (priority.toLowerCase(java.util.Locale.ROOT)) {
      case "high" -> 0;
      case "low" -> 2;
      default -> 1;
    };
  }

  private static String priority(JobItem job) {
    return job.priority() == null || job.priority().isEmpty() ? "normal" : job.priority();
  }

  static String ordinal(int n) {
    String suffix = n % 100 >= 11 && n % 100 <= 13 ? "th" : switch (n % 10) {
      case 1 -> "st";
      case 2 -> "nd";
      case 3 -> "rd";
      default -> "th";
    };
    return n + suffix;
  }
}
