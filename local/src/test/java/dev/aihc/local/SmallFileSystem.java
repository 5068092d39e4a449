package dev.aihc.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real small file system (tmpfs) mounted on a new temp directory, for an engine home that runs out of room.
 * Mounting needs root, which {@code ./aihc test} has in CI: without it the test fails (never skips). {@link #close}
 * unmounts it (lazily if something still holds it) and removes the directory.
 */
final class SmallFileSystem implements AutoCloseable {
  private final Path dir;

  private SmallFileSystem(Path dir) {
    this.dir = dir;
  }

  /** Mounts a tmpfs of {@code megabytes} MB. */
  static SmallFileSystem mount(int megabytes) throws Exception {
    assertThat(isRoot()).as("mounting a small tmpfs as the engine home needs root (./aihc test runs as root in CI);"
        + " run the test as root").isTrue();
    Path dir = Files.createTempDirectory("aihc-small-fs");
    run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m,mode=0700", "tmpfs", dir.toString());
    return new SmallFileSystem(dir);
  }

  Path dir() {
    return dir;
  }

  /** Bytes free for an unprivileged writer. */
  long free() throws IOException {
    FileStore store = Files.getFileStore(dir);
    return store.getUsableSpace();
  }

  /** Fills the file system to its last byte with {@code name}; returns the file. */
  Path fill(String name) throws Exception {
    return fill(name, 0);
  }

  /** Fills the file system with {@code name} until about {@code leaveBytes} are left free; returns the file. */
  Path fill(String name, long leaveBytes) throws Exception {
    Path f = dir.resolve(name);
    if (leaveBytes > 0) {
      long mb = (free() - leaveBytes) / (1024 * 1024);
      new ProcessBuilder("dd", "if=/dev/zero", "of=" + f, "bs=1M", "count=" + Math.max(0, mb)).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(60, TimeUnit.SECONDS);
      return f;
    }
    // dd stops with "No space left on device" (exit 1): that is the point
    new ProcessBuilder("dd", "if=/dev/zero", "of=" + f, "bs=1M").redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(60, TimeUnit.SECONDS);
    return f;
  }

  @Override
  public void close() throws Exception {
    try {
      run("umount", dir.toString());
    } catch (AssertionError busy) {
      run("umount", "-l", dir.toString());
    }
    Files.deleteIfExists(dir);
  }

  static boolean isRoot() {
    try {
      Process p = new ProcessBuilder("id", "-u").start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      p.waitFor(10, TimeUnit.SECONDS);
      return out.equals("0");
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static void run(String... argv) throws Exception {
    Process p = new ProcessBuilder(List.of(argv)).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError(String.join(" ", argv) + " failed: " + out);
    }
  }
}
