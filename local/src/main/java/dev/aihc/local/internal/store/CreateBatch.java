package dev.aihc.local.internal.store;

import dev.aihc.local.internal.core.EngineException;
import dev.aihc.local.internal.core.EngineLoop;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * CreateJob requests that arrive together are recorded in one transaction (group commit): the commit
 * is most of what a CreateJob costs the engine, and concurrent clients then share it. Each request
 * still gets its answer only once its job is committed. A batch that fails is retried one job at a
 * time, so one bad job never fails the others.
 */
public final class CreateBatch {
  /** A job to record; {@code insert} writes it in the batch's transaction, {@code then} runs after the commit. */
  public interface Pending {
    String insert(Db db) throws SQLException;

    void then(String jobId);
  }

  /** At most this many jobs share a transaction, which bounds how long the loop is held. */
  private static final int MAX_BATCH = 64;

  private final EngineLoop loop;
  private final JobStore store;
  private final ConcurrentLinkedQueue<Entry> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean drainPosted = new AtomicBoolean();

  private record Entry(Pending job, CompletableFuture<String> id) {}

  public CreateBatch(EngineLoop loop, JobStore store) {
    this.loop = loop;
    this.store = store;
  }

  /** Records {@code job} with whatever else is waiting, and returns its id once committed (HTTP threads). */
  public String create(Pending job) {
    CompletableFuture<String> id = new CompletableFuture<>();
    queue.add(new Entry(job, id));
    if (drainPosted.compareAndSet(false, true) && !loop.post(this::drain)) {
      id.completeExceptionally(EngineException.closing());
    }
    return loop.await(id);
  }

  private Object drain() {
    drainPosted.set(false); // an entry added from now on posts another drain
    List<Entry> batch = new ArrayList<>();
    for (Entry e; batch.size() < MAX_BATCH && (e = queue.poll()) != null; ) batch.add(e);
    if (!queue.isEmpty() && drainPosted.compareAndSet(false, true)) loop.post(this::drain);
    if (batch.isEmpty()) return null;
    List<String> ids;
    try {
      ids = store.write(db -> {
        List<String> out = new ArrayList<>(batch.size());
        for (Entry e : batch) out.add(e.job.insert(db));
        return out;
      });
    } catch (SQLException | RuntimeException failed) {
      if (batch.size() == 1) {
        batch.get(0).id.completeExceptionally(failed);
        return null;
      }
      for (Entry e : batch) one(e);
      return null;
    }
    for (int i = 0; i < batch.size(); i++) finish(batch.get(i), ids.get(i));
    return null;
  }

  private void one(Entry e) {
    try {
      finish(e, store.write(e.job::insert));
    } catch (SQLException | RuntimeException failed) {
      e.id.completeExceptionally(failed);
    }
  }

  private static void finish(Entry e, String jobId) {
    try {
      e.job.then(jobId);
      e.id.complete(jobId);
    } catch (RuntimeException failed) {
      e.id.completeExceptionally(failed);
    }
  }
}
