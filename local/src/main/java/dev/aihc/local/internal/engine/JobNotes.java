package dev.aihc.local.internal.engine;

import dev.aihc.dsl.Job;
import dev.aihc.dsl.Problem;
import dev.aihc.dsl.Resource;
import dev.aihc.local.internal.policy.FaultPolicy;
import dev.aihc.local.internal.sched.Demand;
import dev.aihc.local.internal.sched.QueueSpec;
import dev.aihc.local.internal.sched.SchedulingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The events a new job gets beside Created, so that nothing it asked for is dropped silently: the
 * warnings of its spec (an alias read as the wire's field, a rule's warning), how its pool and queue names were mapped, that it runs as a CPU rehearsal, what is recorded but has no
 * meaning on one host (RDMA, BCCL, host network), its fault tolerance, and a paused queue.
 */
public final class JobNotes {
  private JobNotes() {}

  /**
   * One event.
   *
   * @param reason a short CamelCase reason
   * @param message what it means for the job
   * @param warning whether it is a Warning event
   */
  record Note(String reason, String message, boolean warning) {}

  /**
   * The notes for {@code job} placed in {@code placement} with {@code demand} and {@code policy};
   * {@code warnings} are its validation's (CreateJob validated it already).
   */
  static List<Note> of(Job job, List<Problem> warnings, SchedulingConfig.Placement placement, Demand demand,
      FaultPolicy policy) {
    List<Note> out = new ArrayList<>();
    // what reading the body had to guess (an SDK's alias, a string for a number) and what the rules warn of:
    // accepted, but the sender should hear of it
    for (Problem p : warnings) {
      out.add(new Note("SpecWarning", p.field() + ": " + p.message() + ". " + p.fix(), true));
    }
    for (String n : placement.notes()) out.add(new Note("QueueMapped", n, false));
    QueueSpec queue = placement.queue();
    if (demand.rehearsal()) {
      String virtual = demand.descriptors().stream().filter(queue::isVirtual)
          .map(d -> demand.perReplica().get(d).toPlainString() + " " + d).collect(Collectors.joining(", "));
      String recorded = demand.recordedOnly().isEmpty() ? ""
          : "; " + demand.recordedOnly().stream().map(Resource::toString).collect(Collectors.joining(" and "))
              + " per replica are recorded, not reserved";
      out.add(new Note("CpuRehearsal", "CPU rehearsal: queue " + queue.name() + " has no real GPU for the " + virtual
          + " per replica, so they are virtual devices and every replica runs on this machine's CPU with "
          + "CUDA_VISIBLE_DEVICES= (empty)" + recorded, false));
    }
    if (job.isRdma()) {
      out.add(notApplicable("enableRDMA", "replicas talk over 127.0.0.1 on this host, without an RDMA network"));
    }
    if (job.isBccl()) {
      out.add(notApplicable("enableBccl", "collectives run on this host, without BCCL"));
    }
    if (job.isHostNetwork()) {
      out.add(notApplicable("hostNetwork", "every replica is a process on this host's network already"));
    }
    if (job.isFaultTolerance() || job.faultToleranceArgs().isPresent()) {
      out.add(new Note("FaultTolerance", policy.describe(job), false));
    }
    if (queue.isPaused()) {
      out.add(new Note("QueuePaused", "queue " + queue.name() + " is paused by " + queue.pausedBy()
          + ": the job waits, and starts once launching resumes", false));
    }
    return out;
  }

  private static Note notApplicable(String field, String why) {
    return new Note("NotApplicableLocally", field + " is recorded but not applicable locally: " + why, false);
  }

  /** What a new job in {@code queue} waits for before the first scheduling pass. */
  static String initialReason(QueueSpec queue) {
    return queue.isPaused() ? "waiting in queue " + queue.name() + ": launching is paused by " + queue.pausedBy()
        : "waiting to be scheduled in queue " + queue.name();
  }
}
