package dev.aihc.dsl;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The environment variables AIHC sets in every PyTorch replica, overwriting a job's own value of the
 * same name. Validation warns about a job that sets one; the local engine's replicas get each of them.
 */
public enum InjectedEnv {
  /** The master replica's address. */
  MASTER_ADDR,
  /** The port the master listens on for the process group. */
  MASTER_PORT,
  /** How many replicas the job has. */
  WORLD_SIZE,
  /** This replica's rank, 0 for the master. */
  RANK,
  /** torchrun's node count (the replicas). */
  PET_NNODES,
  /** torchrun's node rank (this replica's rank). */
  PET_NODE_RANK,
  /** torchrun's master address. */
  PET_MASTER_ADDR,
  /** torchrun's master port. */
  PET_MASTER_PORT,
  /** How often torchrun may restart the workers. */
  PET_MAX_RESTARTS,
  /** The job's name. */
  AIHC_JOB_NAME,
  /** The job's id. */
  AIHC_JOB_ID,
  /** The GPUs this replica may use (set even when empty: a replica never takes a GPU it was not given). */
  CUDA_VISIBLE_DEVICES,
  /** Where TensorBoard reads the job's event files, when the job has {@code tensorboardConfig.enable}. */
  AIHC_TENSORBOARD_LOG_PATH;

  private static final Set<String> NAMES = Arrays.stream(values()).map(Enum::name).collect(Collectors.toUnmodifiableSet());

  /** Whether {@code name} is one of these variables. */
  public static boolean contains(String name) {
    return NAMES.contains(name);
  }
}
