package dev.aihc.local;

import dev.aihc.internal.local.PrivateFiles;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * {@code <home>/engine.log} kept to a size while the engine runs: past {@code maxBytes} it becomes
 * {@code engine.log.1} (replacing the one before) at the next line's start, and a new one is started, so a long-running engine
 * cannot fill the disk with what it prints. {@link LocalEngineMain} sends its output through it when it
 * finds that output redirected to that file (as a background start does); what the JVM itself writes to
 * the inherited descriptors (a crash report) still lands in the file they opened.
 */
final class EngineLogFile extends OutputStream {

  private final Path file;
  private final long maxBytes;
  private OutputStream out;
  private long size;
  /** Whether the last byte written ended a line: files are only cut between lines. */
  private boolean atLineStart = true;

  EngineLogFile(Path file, long maxBytes) throws IOException {
    this.file = file;
    this.maxBytes = maxBytes;
    open();
  }

  private void open() throws IOException {
    PrivateFiles.file(file);
    out = new FileOutputStream(file.toFile(), true);
    size = Files.size(file);
  }

  private void rotateFor(int len) throws IOException {
    if (size == 0 || size + len <= maxBytes || !atLineStart) return;
    out.close();
    Files.move(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
    open();
  }

  @Override
  public synchronized void write(int b) throws IOException {
    rotateFor(1);
    out.write(b);
    size++;
    atLineStart = b == '\n';
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) throws IOException {
    rotateFor(len);
    out.write(b, off, len);
    size += len;
    if (len > 0) atLineStart = b[off + len - 1] == '\n';
  }

  @Override
  public synchronized void flush() throws IOException {
    out.flush();
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }
}
