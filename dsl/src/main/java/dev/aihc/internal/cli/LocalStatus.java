package dev.aihc.internal.cli;

import dev.aihc.client.AihcClient;
import dev.aihc.client.JobQuery;
import dev.aihc.wire.JobStatus;
import dev.aihc.internal.local.Endpoint;
import dev.aihc.internal.local.LocalHome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * What {@code ./aihc local status} shows: the engine (URL, pid, uptime), its jobs by status, the
 * capacity it runs replicas on (this host's cores and memory), and the room on its home's file system.
 *
 * @param home the home
 * @param endpoint the running engine
 * @param uptime how long it has run, when known
 * @param jobs job counts by status, only the non-zero ones
 * @param cores the cores replicas can use
 * @param memTotalKib the host's memory, when /proc/meminfo says
 * @param memAvailableKib the memory available now, when /proc/meminfo says
 * @param diskFree the bytes free on the home's file system (below the engine's floor it refuses new jobs), when known
 * @param diskTotal the size of that file system, when known
 */
record LocalStatus(LocalHome home, Endpoint endpoint, Duration uptime, Map<JobStatus, Integer> jobs, int cores,
    OptionalLong memTotalKib, OptionalLong memAvailableKib, OptionalLong diskFree, OptionalLong diskTotal) {

  static LocalStatus of(LocalHome home, Endpoint endpoint, AihcClient client) {
    Map<JobStatus, Integer> jobs = new LinkedHashMap<>();
    for (JobStatus s : JobStatus.values()) {
      if (s == JobStatus.UNKNOWN) continue;
      int n = client.describeJobs(JobQuery.ALL.status(s).pageSize(1), 1).totalCount();
      if (n > 0) jobs.put(s, n);
    }
    Duration uptime = endpoint.startedAt().map(t -> Duration.between(t, Instant.now())).orElse(null);
    return new LocalStatus(home, endpoint, uptime, jobs, Runtime.getRuntime().availableProcessors(),
        meminfo("MemTotal"), meminfo("MemAvailable"), disk(home, true), disk(home, false));
  }

  String render() {
    int total = jobs.values().stream().mapToInt(Integer::intValue).sum();
    String jobLine = total == 0 ? "none" : jobs.entrySet().stream()
        .map(e -> e.getKey().wireName() + " " + e.getValue()).collect(Collectors.joining(", "))
        + " (" + total + " in all)";
    String memory = memTotalKib.isPresent()
        ? gib(memTotalKib.getAsLong()) + " memory" + (memAvailableKib.isPresent()
            ? " (" + gib(memAvailableKib.getAsLong()) + " available)" : "")
        : "memory unknown";
    return "local engine in " + home.display() + "\n"
        + "  url       " + endpoint.url() + "\n"
        + "  pid       " + endpoint.pid() + "\n"
        + "  uptime    " + (uptime == null ? "unknown" : human(uptime)) + "\n"
        + "  jobs      " + jobLine + "\n"
        + "  capacity  " + cores + (cores == 1 ? " core, " : " cores, ") + memory + "\n"
        + "  disk      " + (diskFree.isPresent() && diskTotal.isPresent() ? gib(diskFree.getAsLong() / 1024)
            + " free of " + gib(diskTotal.getAsLong() / 1024) + " on the home's file system" : "unknown") + "\n"
        + "  log       " + home.log() + "\n";
  }

  /** {@code 45s}, {@code 3m 12s}, {@code 2h 03m}, {@code 4d 2h}. */
  static String human(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 60) return s + "s";
    if (s < 3600) return s / 60 + "m " + s % 60 + "s";
    if (s < 86_400) return s / 3600 + "h " + String.format("%02dm", s % 3600 / 60);
    return s / 86_400 + "d " + s % 86_400 / 3600 + "h";
  }

  private static String gib(long kib) {
    return String.format("%.1f GiB", kib / 1024.0 / 1024.0);
  }

  private static OptionalLong disk(LocalHome home, boolean free) {
    try {
      FileStore store = Files.getFileStore(home.root());
      return OptionalLong.of(free ? store.getUsableSpace() : store.getTotalSpace());
    } catch (IOException e) {
      return OptionalLong.empty();
    }
  }

  private static OptionalLong meminfo(String key) {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/meminfo"), StandardCharsets.US_ASCII);
      for (String line : lines) {
        if (line.startsWith(key + ":")) {
          return OptionalLong.of(Long.parseLong(line.substring(key.length() + 1).replace("kB", "").trim()));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux, or an unexpected format: said as unknown
    }
    return OptionalLong.empty();
  }
}
