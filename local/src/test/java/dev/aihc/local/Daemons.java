package dev.aihc.local;

import dev.aihc.internal.local.EngineDaemon;
import dev.aihc.internal.local.LocalHome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Background engines the tests started (through {@code Aihc.local}), found and stopped by home. */
final class Daemons {
  private Daemons() {}

  /** Engine processes serving {@code home}, by their command line. */
  static List<ProcessHandle> enginesOf(Path home) {
    String marker = "LocalEngineMain --home " + home.toAbsolutePath().normalize();
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
        .toList();
  }

  /** Stops the engine of {@code home} as ./aihc local stop does, and any stray one by SIGKILL. */
  static void stopAll(Path home) {
    try {
      EngineDaemon.stop(new LocalHome(home), EngineDaemon.STOP_TIMEOUT);
    } finally {
      for (ProcessHandle p : enginesOf(home)) p.destroyForcibly();
    }
  }

  /** The session id of process {@code pid} (field 6 of /proc/PID/stat). */
  static long sessionOf(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
    String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(rest[3]); // rest starts at field 3: state, ppid, pgrp, session
  }
}
