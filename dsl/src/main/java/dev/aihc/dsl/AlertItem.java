package dev.aihc.dsl;

/** The job events AIHC can alert on ({@code alertConfig.alertItems}). */
public enum AlertItem {
  /** The job started running. */
  JOB_RUNNING("jobRunning"),
  /** Fault tolerance restarted the job. */
  JOB_FT("jobFT"),
  /** A node fault was handled. */
  NODE_FT("nodeFT"),
  /** The job failed. */
  JOB_FAILED("jobFailed"),
  /** The job succeeded. */
  JOB_SUCCEED("jobSucceed"),
  /** Hang detection found the job hung. */
  JOB_HANG("jobHang");

  private final String wireName;

  AlertItem(String wireName) {
    this.wireName = wireName;
  }

  /** The spelling on the wire, such as {@code jobFailed}. */
  public String wireName() {
    return wireName;
  }

  /** Whether {@code text} is one of the wire spellings. */
  public static boolean isKnown(String text) {
    for (AlertItem item : values()) {
      if (item.wireName.equals(text)) return true;
    }
    return false;
  }
}
