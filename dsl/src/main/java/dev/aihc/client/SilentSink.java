package dev.aihc.client;

/** A sink that shows nothing. */
enum SilentSink implements OutputSink {
  INSTANCE;

  @Override
  public void log(String source, String line) {}

  @Override
  public void progress(String message) {}
}
