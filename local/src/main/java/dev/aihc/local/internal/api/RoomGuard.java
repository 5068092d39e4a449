package dev.aihc.local.internal.api;

import dev.aihc.local.internal.core.EngineException;
import dev.aihc.local.internal.replica.OpenFiles;
import dev.aihc.local.internal.storage.HomeSpace;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The answer while the engine is short of file descriptors (503 ServiceUnavailable naming the limit, to CreateJob
 * and ModifyJob, see {@link OpenFiles}) or while its home's file system is short of room, an {@link EngineException} of kind
 * INSUFFICIENT_STORAGE (503 {@code InsufficientStorage}, see {@link ApiException#of}) naming the home, what is
 * free and what is needed: to new work (CreateJob, ModifyJob) while the file system is below the
 * floor, and to any action whose write failed for want of room. Nothing of a refused request is kept, so the
 * client may send it again. StopJob and DeleteJob are not refused up front: they are how room is made (a deleted
 * job's logs go with it), and they mostly succeed in the room the floor keeps. Reads are never refused.
 */
public final class RoomGuard {
  /** The actions that add work, refused while the file system is below the floor or descriptors run short. */
  static final Set<String> NEW_WORK = Set.of("CreateJob", "ModifyJob");

  private RoomGuard() {}

  /** {@code routes}, each guarded as above. */
  public static Map<String, JobActions.Action> guard(Map<String, JobActions.Action> routes, HomeSpace space,
      OpenFiles openFiles) {
    Map<String, JobActions.Action> out = new LinkedHashMap<>();
    routes.forEach((name, action) -> out.put(name, request -> {
      if (NEW_WORK.contains(name)) {
        HomeSpace.Reading r = space.check();
        if (r.low()) throw space.refusal(name, r);
        Optional<String> shortOfFiles = openFiles.shortage();
        if (shortOfFiles.isPresent()) {
          throw new EngineException(EngineException.Kind.BUSY, name + " is refused for now: " + shortOfFiles.get());
        }
      }
      try {
        return action.handle(request);
      } catch (Exception e) {
        if (e instanceof ApiException || e instanceof EngineException || !HomeSpace.isOutOfSpace(e)) throw e;
        throw space.failedWrite(name);
      }
    }));
    return out;
  }
}
