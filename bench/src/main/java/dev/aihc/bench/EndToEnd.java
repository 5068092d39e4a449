package dev.aihc.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aihc.client.AihcClient;
import dev.aihc.wire.JobList;
import dev.aihc.client.JobQuery;
import dev.aihc.wire.JobStatus;
import dev.aihc.client.JobResult;
import dev.aihc.client.OutputSink;
import dev.aihc.client.RetryPolicy;
import dev.aihc.client.Run;
import dev.aihc.internal.json.Json;
import dev.aihc.internal.local.LocalHome;
import dev.aihc.dsl.Job;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code ./aihc bench}: the end-to-end figures of BENCHMARKS.md, measured against a real local engine
 * in its own JVM on loopback. Every loop is bounded in count and time. Prints a table and writes
 * {@code bench/results.json}.
 *
 * <pre>java -cp ... dev.aihc.bench.EndToEnd [--quick] [--root DIR]</pre>
 */
public final class EndToEnd {
  /** The parts {@code --only} can pick, in the order a full run measures them. */
  private static final List<String> PARTS = List.of("spawn", "create", "launch", "scale", "interactive", "logs",
      "followers");
  /** The figures a run of every part must write (BENCHMARKS.md quotes them); a run without one fails. */
  static final List<String> FIGURES = List.of("createJobPerSecond1", "createJobPerSecond8", "createJobP50Ms",
      "createJobP99Ms", "describeJobsP99Ms", "launchP50Ms2", "launchP99Ms2", "launchP50Ms8", "launchPerSecond",
      "spawnPerSecond", "engineRssIdleMb", "engineRssLoadedMb", "runRatio", "shellStartRatio", "kernelStartRatio",
      "launchVsSpawn", "engineCpuMsPerCreate", "clientCpuMsPerCreate", "engineCpuMsPerLaunch", "engineJitMsPerCreate",
      "clientJitMsPerCreate", "progressMs", "progressCpuMs", "progressAgainMs", "seriesMs", "seriesCpuMs", "seriesJitMs",
      "seriesAgainMs", "seriesHeapMb", "chartSvgKb", "diagnosisMs", "diagnosisCpuMs", "engineRssFollowersMb");

  private final boolean quick;
  private final Path root;
  private final List<String> only;
  private final Map<String, Double> results = new LinkedHashMap<>();
  private final Map<String, String> notes = new LinkedHashMap<>();
  /** Where JFR recordings of the timed 8-client CreateJob run go (engine and client), or null. */
  private final Path profile;

  private EndToEnd(boolean quick, Path root, List<String> only, Path profile) {
    this.quick = quick;
    this.root = root;
    this.only = only;
    this.profile = profile;
  }

  /** Runs every part; exits 1 when a part fails. */
  public static void main(String[] args) throws Exception {
    boolean quick = false;
    Path root = Path.of(".");
    List<String> only = PARTS;
    Path profile = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--root" -> root = Path.of(args[++i]);
        case "--only" -> only = List.of(args[++i].split(","));
        case "--profile" -> profile = Path.of(args[++i]).toAbsolutePath();
        default -> {
          System.err.println("usage: EndToEnd [--quick] [--root DIR] [--only PART,...] [--profile DIR] (parts: "
              + PARTS + ")");
          System.exit(2);
        }
      }
    }
    if (!PARTS.containsAll(only)) {
      System.err.println("--only takes parts of " + PARTS + " but was " + only);
      System.exit(2);
    }
    new EndToEnd(quick, root.toAbsolutePath().normalize(), only, profile).run();
  }

  private static AihcClient client(EngineProcess engine, Path home) {
    return AihcClient.builder().endpoint(engine.url())
        .credentials(new LocalHome(home).keys())
        .queue("default").sink(OutputSink.silent()).pollInterval(Duration.ofMillis(20))
        .retries(RetryPolicy.NONE).build();
  }

  private int size(int full) {
    return quick ? Math.max(1, full / 10) : full;
  }

  private void run() throws Exception {
    results.put("quick", quick ? 1.0 : 0.0);
    if (only.contains("spawn") || only.contains("launch")) spawnRate(); // launchPerSecond is read against it
    if (only.contains("create")) {
      Path pausedHome = Files.createTempDirectory("aihc-bench-api");
      List<String> jvm = new ArrayList<>();
      if (profile != null) {
        Files.createDirectories(profile);
        // started by hand at the timed run would need jcmd; a recording from the start, cut at the end, is simpler:
        // the warm-up is in it too, and the summary reads only samples taken during the timed run
        jvm.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + profile.resolve("engine-create.jfr"));
      }
      try (EngineProcess paused = EngineProcess.start(pausedHome, jvm, "--pause-launching")) {
        createRate(client(paused, pausedHome), paused);
      } finally {
        deleteTree(pausedHome);
      }
    }
    if (only.contains("launch") || only.contains("scale")) {
      Path home = Files.createTempDirectory("aihc-bench");
      List<String> jvm = new ArrayList<>();
      if (profile != null) {
        Files.createDirectories(profile);
        jvm.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + profile.resolve("engine-launch.jfr"));
      }
      try (EngineProcess engine = EngineProcess.start(home, jvm)) {
        Thread.sleep(1000);
        results.put("engineRssIdleMb", engine.rssMb());
        AihcClient client = client(engine, home);
        if (only.contains("launch")) {
          launchLatency(client, home, 2, size(50), "launchP50Ms2", "launchP99Ms2");
          launchLatency(client, home, 8, size(20), "launchP50Ms8", "launchP99Ms8");
          launchRate(client, engine);
        }
        if (only.contains("scale")) scale(client, engine);
      } finally {
        deleteTree(home);
      }
    }
    if (only.contains("interactive")) interactive();
    if (only.contains("logs")) longLogs();
    if (only.contains("followers")) followers();
    report();
  }

  // ---------------------------------------------------------------- parts

  /**
   * Issue 22 §3: the engine's memory with many jobs' logs followed at once. 20 one-replica jobs each print 20,000
   * lines of about 200 bytes (4 MB) over some 10 s, each followed from the start by a client of its own (the default
   * poll interval, as a notebook follows), silently; the engine's largest RSS while they run, read every 200 ms,
   * against its RSS idle just before.
   */
  private void followers() throws Exception {
    int lines = size(20_000);
    Path home = Files.createTempDirectory("aihc-bench-followers");
    ExecutorService pool = Executors.newFixedThreadPool(20);
    try (EngineProcess engine = EngineProcess.start(home)) {
      Thread.sleep(1000);
      double idle = engine.rssMb();
      AihcClient submitter = client(engine, home);
      String pad = "x".repeat(160);
      List<Future<JobResult>> follows = new ArrayList<>();
      for (int j = 0; j < 20; j++) {
        Run run = submitter.submit(job("follow-" + j, 1, "i=0; while [ $i -lt " + lines + " ]; do i=$((i+1));"
            + " echo \"iteration $i loss 0.$i " + pad + "\"; [ $((i % 200)) -eq 0 ] && sleep 0.1; done; true"));
        AihcClient follower = AihcClient.builder().endpoint(engine.url()).credentials(new LocalHome(home).keys())
            .queue("default").sink(OutputSink.silent()).build();
        follows.add(pool.submit(() -> follower.job(run.id()).follow(dev.aihc.client.FollowOptions.all())));
      }
      double peak = idle;
      while (!follows.stream().allMatch(Future::isDone)) {
        peak = Math.max(peak, engine.rssMb());
        Thread.sleep(200);
      }
      for (Future<JobResult> f : follows) {
        JobResult r = f.get();
        if (r.status() != JobStatus.SUCCEEDED) throw new IllegalStateException(r + " did not succeed");
      }
      figure("engineRssFollowersIdleMb", idle);
      figure("engineRssFollowersMb", peak);
    } finally {
      pool.shutdownNow();
      deleteTree(home);
    }
  }

  /**
   * Issue 20 §3: the answers on a long run. Two replicas each print 300,000 Megatron-style iteration lines
   * (about 100 MB), wait for a file, print 1,000 more, wait for another and fail. On a run attached afresh by id: progress(),
   * series("lm loss") the first time, the client's heap after it (after a GC), the series' chart as SVG, then
   * series() again after the 1,000 more lines, and diagnosis() of the failed job. With each, the CPU the
   * client and the engine used (on a loaded machine the wall time is mostly waiting for a core), and progress()
   * once more from another Run: the bounded read alone, without the JVM's first compilation of the readers.
   */
  private void longLogs() throws Exception {
    int lines = quick ? 30_000 : 300_000;
    Path home = Files.createTempDirectory("aihc-bench-logs");
    Path src = Files.createTempDirectory("aihc-bench-logs-src");
    // 301,000 lines of about 350 bytes pass the default 100 MiB cap of a replica's log
    try (EngineProcess engine = EngineProcess.start(home, "--log-cap", Long.toString(256L << 20))) {
      AihcClient client = client(engine, home);
      Path first = src.resolve("first.log");
      Path more = src.resolve("more.log");
      Path go = src.resolve("go");
      Path end = src.resolve("end");
      long firstBytes = megatronLog(first, 1, lines, lines + 1000);
      long moreBytes = megatronLog(more, lines + 1, 1000, lines + 1000);
      Run run = client.submit(job("long-logs", 2, "cat " + first + "; while [ ! -e " + go + " ]; do sleep 0.1; done; cat "
          + more + "; while [ ! -e " + end + " ]; do sleep 0.1; done; exit 1"));
      awaitLogs(client, run, firstBytes);
      Run fresh = client.job(run.id());
      long t0 = System.nanoTime();
      CpuMark cpu = CpuMark.now(engine);
      var progress = fresh.progress().orElseThrow();
      figure("progressMs", (System.nanoTime() - t0) / 1e6);
      figure("progressCpuMs", cpuMs(CpuMark.now(engine).since(cpu)));
      if (progress.step() != lines) throw new IllegalStateException("progress read " + progress + ", not " + lines);
      // the same bounded read by another Run (nothing remembered), in a JVM that has now read logs once
      t0 = System.nanoTime();
      client.job(run.id()).progress().orElseThrow();
      figure("progressAgainMs", (System.nanoTime() - t0) / 1e6);
      t0 = System.nanoTime();
      cpu = CpuMark.now(engine);
      var series = fresh.series("lm loss");
      figure("seriesMs", (System.nanoTime() - t0) / 1e6);
      CpuMark seriesCpu = CpuMark.now(engine).since(cpu);
      figure("seriesCpuMs", cpuMs(seriesCpu));
      figure("seriesJitMs", seriesCpu.clientJitMs());
      if (series.size() != 2 * lines) throw new IllegalStateException("series read " + series.size() + " values");
      System.gc();
      Runtime rt = Runtime.getRuntime();
      figure("seriesHeapMb", (rt.totalMemory() - rt.freeMemory()) / 1048576.0);
      figure("chartSvgKb", series.chart().toSvg().length() / 1024.0);
      Files.createFile(go);
      awaitLogs(client, run, firstBytes + moreBytes);
      t0 = System.nanoTime();
      var again = fresh.series("lm loss");
      figure("seriesAgainMs", (System.nanoTime() - t0) / 1e6);
      if (again.size() != 2 * (lines + 1000)) throw new IllegalStateException("series again read " + again.size());
      Files.createFile(end);
      run.await(Duration.ofSeconds(60));
      t0 = System.nanoTime();
      cpu = CpuMark.now(engine);
      var diagnosis = fresh.diagnosis();
      figure("diagnosisMs", (System.nanoTime() - t0) / 1e6);
      figure("diagnosisCpuMs", cpuMs(CpuMark.now(engine).since(cpu)));
      notes.put("logs", String.format("2 replicas x %,d lines, %.0f MB each; diagnosis: %s", lines + 1000,
          (firstBytes + moreBytes) / 1e6, diagnosis.map(d -> d.summary()).orElse("none")));
      client.close();
    } finally {
      deleteTree(home);
      deleteTree(src);
    }
  }

  /** The CPU both sides used, client and engine, each JVM's compiler threads included. */
  private static double cpuMs(CpuMark used) {
    return used.clientMs() + used.engineMs();
  }

  /** A figure of the logs part, also printed at once (the part takes minutes, and a later step may fail). */
  private void figure(String name, double value) {
    results.put(name, value);
    System.out.printf("%-22s %12.2f%n", name, value);
  }

  /** Writes Megatron-LM's training_log lines for iterations {@code from..from+n-1} of {@code total}; returns the bytes. */
  private static long megatronLog(Path file, int from, int n, int total) throws IOException {
    StringBuilder b = new StringBuilder(n * 340);
    java.util.Random random = new java.util.Random(from);
    for (int i = from; i < from + n; i++) {
      double loss = 2 + 9 * Math.exp(-i / 40_000.0) + 0.05 * random.nextGaussian() + (i % 50_000 == 0 ? 3 : 0);
      b.append(String.format(java.util.Locale.ROOT, " [2026-12-07 10:%02d:%02d] iteration %8d/%8d | consumed samples: %12d"
          + " | elapsed time per iteration (ms): %.1f | throughput per GPU (TFLOP/s/GPU): %.1f | learning rate: %.6E"
          + " | global batch size:   512 | lm loss: %.6E | loss scale: 1.0 | grad norm: %.3f | number of skipped "
          + "iterations:   0 | number of nan iterations:   0 |%n", (i / 60) % 60, i % 60, i, total, i * 512L,
          1200 + 30 * random.nextGaussian(), 180 + random.nextGaussian(), 3e-4 * Math.min(1, i / 2000.0), loss,
          1 + 0.1 * random.nextGaussian()));
    }
    Files.writeString(file, b);
    return Files.size(file);
  }

  /** Waits until every replica's log has {@code bytes} (the engine's logEnd). */
  private static void awaitLogs(AihcClient client, Run run, long bytes) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (System.nanoTime() < until) {
      boolean all = true;
      for (String pod : List.of("master-0", "worker-0")) {
        var page = client.describeJobLogs(dev.aihc.client.LogRequest.of(run.id(), "long-logs-" + pod).maxLines(1));
        if (page.logEnd() == null || Long.parseLong(page.logEnd()) < bytes) all = false;
      }
      if (all) return;
      Thread.sleep(100);
    }
    throw new IllegalStateException("the replicas did not print their logs in 5 minutes");
  }

  private void spawnRate() throws Exception {
    int n = size(400);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    long start = System.nanoTime();
    List<Future<?>> all = new ArrayList<>();
    AtomicInteger failed = new AtomicInteger();
    for (int i = 0; i < n; i++) {
      all.add(pool.submit(() -> {
        try {
          Process p = new ProcessBuilder("bash", "-c", "true").start();
          if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) failed.incrementAndGet();
        } catch (IOException | InterruptedException e) {
          failed.incrementAndGet();
        }
        return null;
      }));
    }
    for (Future<?> f : all) f.get();
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    results.put("spawnPerSecond", n / seconds);
    if (failed.get() > 0) throw new IllegalStateException(failed + " of " + n + " bash -c true failed");
  }

  private static Job job(String name, int replicas, String command) {
    return Job.named(name).queue("default").image("registry.baidubce.com/bench/pytorch:1.0").replicas(replicas)
        .command(command);
  }

  private void createRate(AihcClient client, EngineProcess engine) throws Exception {
    // On an engine started with --pause-launching: jobs are created and wait, so this is the API alone
    // (signature verified, validated, stored durably, answered). Both JVMs are warmed up first, as JMH
    // would: a cold engine answers its first few hundred requests several times slower while it compiles.
    warmUp(client, engine);
    for (int clients : new int[] {1, 8}) {
      int perClient = size(clients == 1 ? 1000 : 250);
      CpuMark before = CpuMark.now(engine);
      Recording recording = clients == 8 && profile != null ? clientRecording() : null;
      java.time.Instant from = java.time.Instant.now();
      long start = System.nanoTime();
      List<Long> latencies = submitConcurrently(client, "rate-" + clients, clients, perClient);
      double seconds = (System.nanoTime() - start) / 1e9;
      if (recording != null) {
        recording.stop();
        recording.dump(profile.resolve("client-create.jfr"));
        recording.close();
        Files.writeString(profile.resolve("create-window.txt"), from + " " + java.time.Instant.now() + "\n");
      }
      int created = clients * perClient;
      results.put("createJobPerSecond" + clients, created / seconds);
      if (clients == 8) {
        results.put("createJobP50Ms", percentile(latencies, 50));
        results.put("createJobP99Ms", percentile(latencies, 99));
        // CPU time, not wall time: what one CreateJob costs each side whatever else the machine runs, and of
        // that the JIT compilers' (still compiling after the warm-up), to tell the two apart
        CpuMark used = CpuMark.now(engine).since(before);
        results.put("engineCpuMsPerCreate", used.engineMs() / created);
        results.put("clientCpuMsPerCreate", used.clientMs() / created);
        results.put("engineJitMsPerCreate", used.engineJitMs() / created);
        results.put("clientJitMsPerCreate", used.clientJitMs() / created);
      }
    }
  }

  /**
   * CreateJobs from 8 clients in rounds until neither JVM's JIT compilers take more than a tenth of its CPU
   * in a round (at most 8 rounds): a fixed count left this JVM's C2 compiling through the timed run, where it
   * was 40-45% of clientCpuMsPerCreate. The rounds it took, and the JIT's share in the last, are notes.
   */
  private void warmUp(AihcClient client, EngineProcess engine) throws Exception {
    int rounds = 0;
    double clientShare, engineShare;
    do {
      CpuMark before = CpuMark.now(engine);
      submitConcurrently(client, "warm-" + rounds, 8, size(400));
      CpuMark used = CpuMark.now(engine).since(before);
      clientShare = used.clientJitMs() / used.clientMs();
      engineShare = used.engineJitMs() / used.engineMs();
      rounds++;
    } while ((clientShare > 0.1 || engineShare > 0.1) && rounds < 8);
    notes.put("createWarmUp", String.format("%d rounds of %d CreateJobs; JIT share of CPU in the last: client %.0f%%, engine %.0f%%",
        rounds, 8 * size(400), 100 * clientShare, 100 * engineShare));
  }

  /** Each JVM's CPU time, and its JIT compiler threads' share of it, at one moment (milliseconds). */
  private record CpuMark(double clientMs, double engineMs, double clientJitMs, double engineJitMs) {
    static CpuMark now(EngineProcess engine) {
      return new CpuMark(ownCpu().toNanos() / 1e6, engine.cpu().toNanos() / 1e6,
          ThreadCpu.jitMs(ProcessHandle.current().pid()), ThreadCpu.jitMs(engine.pid()));
    }

    /** What each side used from {@code start} to this moment. */
    CpuMark since(CpuMark start) {
      return new CpuMark(clientMs - start.clientMs, engineMs - start.engineMs, clientJitMs - start.clientJitMs,
          engineJitMs - start.engineJitMs);
    }
  }

  /** A JFR recording of this JVM with the JDK's "profile" settings (execution samples every 10 ms). */
  private static Recording clientRecording() throws IOException, java.text.ParseException {
    Recording r = new Recording(Configuration.getConfiguration("profile"));
    r.start();
    return r;
  }

  /** The CPU time (user + system) of this JVM, the bench's client side, so far. */
  private static Duration ownCpu() {
    return ProcessHandle.current().info().totalCpuDuration()
        .orElseThrow(() -> new IllegalStateException("this system does not report the bench's CPU time"));
  }

  /** Each of {@code clients} threads submits {@code perClient} one-replica jobs; their latencies. */
  private static List<Long> submitConcurrently(AihcClient client, String prefix, int clients, int perClient)
      throws Exception {
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<?>> all = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int id = c;
        all.add(pool.submit(() -> {
          for (int i = 0; i < perClient; i++) {
            long t0 = System.nanoTime();
            client.submit(job(prefix + "-" + id + "-" + i, 1, "true"));
            latencies.add(System.nanoTime() - t0);
          }
          return null;
        }));
      }
      for (Future<?> f : all) f.get(10, TimeUnit.MINUTES);
    } finally {
      pool.shutdownNow();
    }
    return latencies;
  }

  private void launchLatency(AihcClient client, Path home, int replicas, int n, String p50, String p99)
      throws Exception {
    List<Long> latencies = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String name = "launch-" + replicas + "-" + i;
      Run run = client.submit(job(name, replicas, "echo first-line"));
      long answered = System.nanoTime();
      List<Path> logs = new ArrayList<>();
      LocalHome files = new LocalHome(home);
      for (int rank = 0; rank < replicas; rank++) logs.add(files.replicaLog(run.id(), LocalHome.podName(name, rank)));
      long deadline = answered + TimeUnit.SECONDS.toNanos(30);
      for (Path log : logs) {
        while (!hasLine(log)) {
          if (System.nanoTime() > deadline) throw new IllegalStateException("no output from " + log + " in 30 s");
          Thread.onSpinWait();
        }
      }
      latencies.add(System.nanoTime() - answered);
    }
    results.put(p50, percentile(latencies, 50));
    results.put(p99, percentile(latencies, 99));
    waitAllFinished(client);
  }

  private static boolean hasLine(Path log) {
    try {
      return Files.size(log) > 0 && Files.readString(log).contains("\n");
    } catch (IOException e) {
      return false;
    }
  }

  private void launchRate(AihcClient client, EngineProcess engine) throws Exception {
    int n = size(200);
    List<Run> runs = new ArrayList<>();
    Duration engineCpu = engine.cpu();
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) runs.add(client.submit(job("spawn-" + i, 1, "true")));
    waitAllFinished(client);
    double seconds = (System.nanoTime() - start) / 1e9;
    // the engine's own CPU per job (created, started, its exit recorded; not the replica's): what the rate
    // costs whatever else the machine runs. Read before the n DescribeJobs below, which check the outcome.
    Duration launchCpu = engine.cpu().minus(engineCpu);
    for (Run r : runs) {
      if (r.status() != JobStatus.SUCCEEDED) throw new IllegalStateException(r + " did not succeed");
    }
    results.put("launchPerSecond", n / seconds);
    results.put("engineCpuMsPerLaunch", launchCpu.toNanos() / 1e6 / n);
    results.put("launchVsSpawn", results.get("launchPerSecond") / results.get("spawnPerSecond"));
  }

  private void scale(AihcClient client, EngineProcess engine) throws Exception {
    int target = size(10_000);
    int have = (int) client.describeJobs(JobQuery.ALL.pageSize(1), 1).totalCount();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> all = new ArrayList<>();
    AtomicInteger next = new AtomicInteger(have);
    for (int c = 0; c < 4; c++) {
      all.add(pool.submit(() -> {
        int i;
        while ((i = next.getAndIncrement()) < target) client.submit(job("stored-" + i, 1, "true"));
        return null;
      }));
    }
    for (Future<?> f : all) f.get(30, TimeUnit.MINUTES);
    pool.shutdown();
    waitAllFinished(client);
    int total = client.describeJobs(JobQuery.ALL.pageSize(1), 1).totalCount();
    results.put("storedJobs", (double) total);
    List<Long> latencies = new ArrayList<>();
    JobQuery page = JobQuery.ALL.pageSize(50);
    int pages = Math.max(1, total / 50);
    java.util.Random random = new java.util.Random(1);
    for (int i = 0; i < 300; i++) {
      long t0 = System.nanoTime();
      JobList list = client.describeJobs(page, 1 + random.nextInt(pages));
      latencies.add(System.nanoTime() - t0);
      if (list.jobs().isEmpty()) throw new IllegalStateException("empty page");
    }
    results.put("describeJobsP50Ms", percentile(latencies, 50));
    results.put("describeJobsP99Ms", percentile(latencies, 99));
    System.gc();
    Thread.sleep(500);
    results.put("engineRssLoadedMb", engine.rssMb());
  }

  private static void waitAllFinished(AihcClient client) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
    while (System.nanoTime() < deadline) {
      boolean busy = false;
      // every status a job passes through before it ends (Scheduled lasts while its replicas start)
      for (JobStatus s : List.of(JobStatus.CREATED, JobStatus.SCHEDULED, JobStatus.STARTING, JobStatus.RUNNING,
          JobStatus.RESTARTING, JobStatus.STOPPING)) {
        if (client.describeJobs(JobQuery.ALL.status(s).pageSize(1), 1).totalCount() > 0) busy = true;
      }
      if (!busy) return;
      Thread.sleep(50);
    }
    throw new IllegalStateException("jobs still running after 30 minutes");
  }

  /** ./aihc run and ./aihc shell against plain jshell, median of several runs, in this same run. */
  private void interactive() throws Exception {
    Path script = Files.createTempFile("one-line", ".jsh");
    Files.writeString(script, "System.out.println(java.time.Duration.ofSeconds(1));\n/exit\n");
    int runs = quick ? 2 : 5;
    double plainRun = median(runs, List.of("jshell", script.toString()), null);
    double aihcRun = median(runs, List.of(root.resolve("aihc").toString(), "run", script.toString()), null);
    results.put("plainJshellRunMs", plainRun);
    results.put("aihcRunMs", aihcRun);
    results.put("runRatio", aihcRun / plainRun);
    double plainShell = median(runs, List.of("jshell"), "/exit\n");
    double aihcShell = median(runs, List.of(root.resolve("aihc").toString(), "shell"), "/exit\n");
    results.put("plainJshellShellMs", plainShell);
    results.put("aihcShellMs", aihcShell);
    results.put("shellStartRatio", aihcShell / plainShell);
    Files.deleteIfExists(script);
    Path kernel = root.resolve("bench").resolve("kernel-start.json");
    if (Files.exists(kernel)) {
      var node = Json.mapper().readTree(kernel.toFile());
      results.put("kernelStartRatio", node.path("kernelStartRatio").asDouble());
    } else {
      results.put("kernelStartRatio", Double.NaN);
      notes.put("kernelStartRatio", "not measured: no bench/kernel-start.json");
    }
  }

  private double median(int runs, List<String> command, String input) throws Exception {
    // one warm-up run, so a first build or archive dump is not counted
    time(command, input);
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < runs; i++) times.add(time(command, input));
    return percentile(times, 50);
  }

  private long time(List<String> command, String input) throws Exception {
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (input != null) p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(command + " did not finish in 120 s");
    }
    if (p.exitValue() != 0) throw new IllegalStateException(command + " exited " + p.exitValue());
    return System.nanoTime() - t0;
  }

  private static double percentile(List<Long> nanos, int p) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))) / 1e6;
  }

  private void report() throws IOException {
    System.out.println();
    System.out.printf("%-22s %12s%n", "figure", "value");
    results.forEach((k, v) -> System.out.printf("%-22s %12.2f%n", k, v));
    notes.forEach((k, v) -> System.out.println("note: " + k + ": " + v));
    ObjectNode json = Json.mapper().createObjectNode();
    results.forEach((k, v) -> {
      if (v.isNaN()) json.putNull(k);
      else json.put(k, Math.round(v * 100) / 100.0);
    });
    ObjectNode n = json.putObject("notes");
    notes.forEach(n::put);
    if (!only.equals(PARTS)) {
      System.out.println("a run of " + only + " only: bench/results.json left as it was");
      return;
    }
    Path out = root.resolve("bench").resolve("results.json");
    Files.writeString(out, json.toPrettyString() + "\n");
    System.out.println("wrote " + out);
    List<String> missing = FIGURES.stream().filter(f -> results.get(f) == null || results.get(f).isNaN()).toList();
    if (!missing.isEmpty()) throw new IllegalStateException(out + " lacks figures: " + missing);
    System.out.println("every figure is present");
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** The local engine in its own JVM, so its memory can be read from /proc. */
  static final class EngineProcess implements AutoCloseable {
    private final Process process;
    private final String url;

    private EngineProcess(Process process, String url) {
      this.process = process;
      this.url = url;
    }

    static EngineProcess start(Path home, String... extra) throws IOException {
      return start(home, List.of(), extra);
    }

    /** The engine with {@code jvmOptions} added to the daemon's. */
    static EngineProcess start(Path home, List<String> jvmOptions, String... extra) throws IOException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      // The JVM options the daemon starts the engine with (EngineDaemon), so the memory figures are its own.
      List<String> command = new ArrayList<>(List.of(java));
      command.addAll(dev.aihc.internal.local.EngineDaemon.JVM_OPTIONS);
      // to compare against other JVM options (a later option wins), e.g. -XX:TieredStopAtLevel=4 for C2 as well
      String options = System.getenv("AIHC_BENCH_ENGINE_JVM");
      if (options != null && !options.isBlank()) command.addAll(List.of(options.trim().split("\\s+")));
      command.addAll(jvmOptions);
      command.addAll(List.of("-cp", System.getProperty("java.class.path"),
          "dev.aihc.local.LocalEngineMain", "--home", home.toString(), "--port", "0"));
      command.addAll(List.of(extra));
      Process p = new ProcessBuilder(command).redirectError(home.resolve("engine-stderr.log").toFile()).start();
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String url = out.readLine();
      // JFR's "Started recording ..." lines come first when a recording is asked for
      for (int skipped = 0; url != null && !url.startsWith("http") && skipped < 20; skipped++) url = out.readLine();
      if (url == null || !url.startsWith("http")) {
        p.destroyForcibly();
        throw new IllegalStateException("the engine did not start: " + Files.readString(home.resolve("engine-stderr.log")));
      }
      return new EngineProcess(p, url);
    }

    String url() {
      return url;
    }

    long pid() {
      return process.pid();
    }

    /** The engine JVM's CPU time (user + system) so far, from /proc. */
    Duration cpu() {
      return process.info().totalCpuDuration()
          .orElseThrow(() -> new IllegalStateException("this system does not report the engine's CPU time"));
    }

    double rssMb() throws IOException {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
        if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
      }
      throw new IllegalStateException("no VmRSS for the engine");
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly();
    }
  }
}
