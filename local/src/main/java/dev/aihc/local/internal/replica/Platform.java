package dev.aihc.local.internal.replica;

import java.io.File;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** What this host offers: the OS check, tools on PATH, GPUs, the node name. */
public final class Platform {
  private Platform() {}

  /**
   * Refuses to run anywhere but Linux: replicas rely on {@code setsid}, process groups and
   * {@code /proc}.
   *
   * @throws UnsupportedOperationException elsewhere, saying so
   */
  public static void requireLinux() {
    String os = System.getProperty("os.name", "unknown");
    if (!os.toLowerCase(Locale.ROOT).startsWith("linux")) {
      throw new UnsupportedOperationException("the aihc local engine runs on Linux only (it needs setsid, "
          + "process groups and /proc), but this is " + os + ". Submit to AIHC instead, or run it in a Linux VM");
    }
    for (String tool : new String[] {"setsid", "bash", "kill"}) {
      if (onPath(tool).isEmpty()) {
        throw new UnsupportedOperationException("the aihc local engine needs '" + tool + "' on PATH but found "
            + "none. Install util-linux, bash and procps");
      }
    }
  }

  /** The executable {@code name} on PATH, when there is one. */
  public static Optional<Path> onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) return Optional.empty();
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) continue;
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return Optional.of(candidate);
    }
    return Optional.empty();
  }

  /** Whether this host has NVIDIA GPUs, judged by {@code nvidia-smi} being on PATH. */
  public static boolean hasGpus() {
    return onPath("nvidia-smi").isPresent();
  }

  /** The node name replicas report: this host's name. */
  public static String nodeName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
