package dev.aihc.dsl;

import java.util.Locale;

/** The kind of training job, as AIHC names it in {@code jobType}. PyTorchJob is the default. */
public enum JobType {
  /** {@code PyTorchJob}: torchrun-style master and workers; the only type with fault tolerance. */
  PYTORCH("PyTorchJob"),
  /** {@code TFJob}. */
  TENSORFLOW("TFJob"),
  /** {@code MPIJob}. */
  MPI("MPIJob"),
  /** {@code RayJob}. */
  RAY("RayJob");

  private final String wireName;

  JobType(String wireName) {
    this.wireName = wireName;
  }

  /** The spelling CreateJob expects, such as {@code PyTorchJob}. */
  public String wireName() {
    return wireName;
  }

  /**
   * Reads a job type in any spelling AIHC uses: requests say {@code PyTorchJob}, responses and older
   * files {@code pytorch}.
   *
   * @throws IllegalArgumentException naming the accepted values when {@code text} is none of them
   */
  public static JobType fromWire(String text) {
    if (text == null) throw new IllegalArgumentException("jobType == null");
    String t = text.trim().toLowerCase(Locale.ROOT);
    for (JobType type : values()) {
      String wire = type.wireName.toLowerCase(Locale.ROOT);
      if (t.equals(wire) || t.equals(wire.substring(0, wire.length() - 3))
          || t.equals(type.name().toLowerCase(Locale.ROOT))) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "jobType must be one of PyTorchJob, TFJob, MPIJob, RayJob but was '" + text + "'");
  }
}
