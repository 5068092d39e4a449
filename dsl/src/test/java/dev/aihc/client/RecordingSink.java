package dev.aihc.client;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An {@link OutputSink} that keeps what it is shown, formatted as the console shows it, with the thread. */
final class RecordingSink implements OutputSink {
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final List<String> progress = new CopyOnWriteArrayList<>();
  private final List<Thread> threads = new CopyOnWriteArrayList<>();

  @Override
  public void log(String source, String line) {
    threads.add(Thread.currentThread());
    lines.add("[" + source + "] " + line);
  }

  @Override
  public void progress(String message) {
    threads.add(Thread.currentThread());
    progress.add(message);
  }

  /** Log lines as {@code [worker-0] text}, in order. */
  List<String> lines() {
    return List.copyOf(lines);
  }

  /** Progress messages, in order. */
  List<String> progress() {
    return List.copyOf(progress);
  }

  /** The threads that wrote, one entry per call. */
  List<Thread> threads() {
    return List.copyOf(threads);
  }
}
