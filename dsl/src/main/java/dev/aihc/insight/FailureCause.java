package dev.aihc.insight;

/** What made a job fail, as {@link Diagnosis#cause()} names it. */
public enum FailureCause {
  /** A replica ran out of memory: killed by the memory limit, or a {@code MemoryError}/allocator failure. */
  OUT_OF_MEMORY("out of memory"),
  /** A replica's Python code raised an exception. */
  PYTHON_EXCEPTION("Python exception"),
  /** A collective or the rendezvous failed: a peer left, never joined, or the network broke (gloo, NCCL). */
  COMMUNICATION_FAILURE("communication failure"),
  /** A CUDA error (device-side assert, illegal memory access, driver). */
  CUDA_ERROR("CUDA error"),
  /** The command, or a program it runs, does not exist or cannot be executed (exit 127 or 126). */
  COMMAND_NOT_FOUND("command not found"),
  /** A replica was killed by a signal (SIGKILL, SIGSEGV ...) it did not handle. */
  KILLED_BY_SIGNAL("killed by a signal"),
  /** Hang detection found a replica making no progress, and no restart was left. */
  HANG("hang"),
  /** The image could not be pulled. */
  IMAGE_PULL("image pull failure"),
  /** A replica exited with a non-zero code and left no clearer clue. */
  NONZERO_EXIT("non-zero exit"),
  /** Nothing the job left says why. */
  UNKNOWN("unknown cause");

  private final String text;

  FailureCause(String text) {
    this.text = text;
  }

  /** In words: {@code out of memory}, {@code Python exception}. */
  public String text() {
    return text;
  }
}
