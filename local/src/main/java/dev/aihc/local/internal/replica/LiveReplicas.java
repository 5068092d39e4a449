package dev.aihc.local.internal.replica;

import dev.aihc.local.internal.core.EngineLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The replica processes the engine follows now, by {@code jobId/podName}, and how one is ended: SIGTERM
 * to its group, SIGKILL after the grace period. Changed on the loop thread only; the metrics sampler
 * reads it from its own.
 */
public final class LiveReplicas {
  /** A replica process the engine follows; {@code exited} completes once its exit is posted to the loop. */
  public record Replica(String jobId, String podName, long pgid, CompletableFuture<Void> exited) {}

  private final Map<String, Replica> live = new ConcurrentHashMap<>();
  private final ReplicaLauncher launcher;
  private final EngineLoop loop;
  private final Duration grace;

  public LiveReplicas(ReplicaLauncher launcher, EngineLoop loop, Duration grace) {
    this.launcher = launcher;
    this.loop = loop;
    this.grace = grace;
  }

  public void add(Replica r) {
    live.put(r.jobId() + "/" + r.podName(), r);
  }

  /** The replica, no longer followed; null when it was not. */
  public Replica remove(String jobId, String podName) {
    return live.remove(jobId + "/" + podName);
  }

  public List<Replica> of(String jobId) {
    List<Replica> out = new ArrayList<>();
    for (Replica r : live.values()) {
      if (r.jobId().equals(jobId)) out.add(r);
    }
    return out;
  }

  /** Whether any replica of the job still runs (a failed job's others may still be ending). */
  public boolean anyOf(String jobId) {
    return !of(jobId).isEmpty();
  }

  public Optional<Replica> find(String jobId, String podName) {
    return Optional.ofNullable(live.get(jobId + "/" + podName));
  }

  public List<Replica> all() {
    return new ArrayList<>(live.values());
  }

  /**
   * Waits up to {@code bound} for {@code ending} to exit, then SIGKILLs the groups of those that have
   * not and waits for them a little more (5 s).
   */
  public void awaitOrKill(List<Replica> ending, Duration bound) {
    awaitExits(ending, bound);
    List<Replica> stubborn = ending.stream().filter(r -> !r.exited().isDone()).toList();
    for (Replica r : stubborn) launcher.signalGroup(r.pgid(), "KILL");
    awaitExits(stubborn, Duration.ofSeconds(5));
  }

  private static void awaitExits(List<Replica> replicas, Duration bound) {
    try {
      CompletableFuture.allOf(replicas.stream().map(Replica::exited).toArray(CompletableFuture[]::new))
          .get(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // the caller kills what is left
    }
  }

  /** {@link #terminate}s every replica of the job that is followed now. */
  public void terminateAll(String jobId) {
    for (Replica r : of(jobId)) terminate(r);
  }

  /** SIGTERM to the replica's group now, SIGKILL after the grace period if its leader is still there. */
  public void terminate(Replica r) {
    launcher.signalGroup(r.pgid(), "TERM");
    loop.postLater(grace, () -> {
      if (live.get(r.jobId() + "/" + r.podName()) == r) launcher.signalGroup(r.pgid(), "KILL");
      return null;
    });
  }
}
