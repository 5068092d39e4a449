package dev.aihc.client;

/**
 * Where {@link Run#follow()} and {@link Run#await()} write what they show. Always called on the
 * thread that called {@code follow} or {@code await}, so a notebook's output capture sees it.
 */
public interface OutputSink {
  /** One log line of one replica; {@code source} is the short pod name such as {@code worker-0}. */
  void log(String source, String line);

  /** A progress or status message, such as {@code bert-sft job-…: Running}. */
  void progress(String message);

  /** The console: {@code [worker-0] line} on standard output. */
  static OutputSink console() {
    return ConsoleSink.INSTANCE;
  }

  /** Shows nothing. */
  static OutputSink silent() {
    return SilentSink.INSTANCE;
  }
}
