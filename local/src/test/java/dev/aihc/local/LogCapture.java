package dev.aihc.local;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** What the engine logged (through System.Logger, so java.util.logging here) while this is open. */
final class LogCapture extends Handler implements AutoCloseable {
  private final List<LogRecord> records = new ArrayList<>();

  private LogCapture() {}

  /** Starts capturing every record of every logger. */
  static LogCapture start() {
    LogCapture c = new LogCapture();
    Logger.getLogger("").addHandler(c);
    return c;
  }

  @Override
  public synchronized void publish(LogRecord r) {
    records.add(r);
  }

  /** The records so far. */
  synchronized List<LogRecord> records() {
    return List.copyOf(records);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    Logger.getLogger("").removeHandler(this);
  }
}
