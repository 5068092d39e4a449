package dev.aihc.local.internal.replica;

import dev.aihc.local.internal.core.EngineLoop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Samples every running replica about once a second on a thread of its own: CPU (cores busy, from the
 * user and system time of every process in its process group), resident memory (bytes) and, with
 * nvidia-smi, GPU utilisation (percent) and GPU memory (bytes). Keeps the last hour of samples per pod,
 * in memory, until its job is deleted; DescribeJobMetrics reads them back.
 */
public final class PodMetrics implements AutoCloseable {
  static final long PERIOD_MILLIS = 1000;
  static final int MAX_SAMPLES = 3600;
  /** Linux's USER_HZ and page size on every platform the engine runs on. */
  private static final double TICKS_PER_SECOND = 100;
  private static final long PAGE_BYTES = 4096;

  /**
   * One sample of a pod.
   *
   * @param millis when, epoch millis
   * @param cpuCores CPU cores busy since the previous sample, or NaN for a pod's first sample
   * @param memoryBytes resident memory
   * @param gpuPercent GPU SM utilisation, or NaN without nvidia-smi
   * @param gpuMemoryBytes GPU memory, or NaN without nvidia-smi
   */
  public record Sample(long millis, double cpuCores, double memoryBytes, double gpuPercent, double gpuMemoryBytes) {}

  /** A replica to sample. */
  public record Target(String jobId, String podName, long pgid) {}

  private final Supplier<List<Target>> targets;
  private final Optional<NvidiaSmi> gpus;
  private final Map<String, ArrayDeque<Sample>> series = new ConcurrentHashMap<>();
  /** CPU ticks and time of the previous sample, by pod; sampler thread only. */
  private final Map<String, long[]> previous = new HashMap<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(EngineLoop.daemon("aihc-local-metrics"));

  public PodMetrics(Supplier<List<Target>> targets, Optional<NvidiaSmi> gpus) {
    this.targets = targets;
    this.gpus = gpus;
  }

  /** Whether GPU figures are sampled (nvidia-smi is on PATH). */
  public boolean hasGpus() {
    return gpus.isPresent();
  }

  public void start() {
    timer.scheduleWithFixedDelay(this::sampleQuietly, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** The samples of a pod, oldest first. */
  public List<Sample> samples(String jobId, String podName) {
    ArrayDeque<Sample> s = series.get(jobId + "/" + podName);
    if (s == null) return List.of();
    synchronized (s) {
      return new ArrayList<>(s);
    }
  }

  /** Drops the samples of a deleted job. */
  public void forget(String jobId) {
    series.keySet().removeIf(k -> k.startsWith(jobId + "/"));
  }

  private void sampleQuietly() {
    try {
      sample(System.currentTimeMillis());
    } catch (RuntimeException e) {
      System.getLogger(PodMetrics.class.getName()).log(System.Logger.Level.WARNING, "metrics sampling failed: " + e);
    }
  }

  /** Takes one sample of every target. */
  void sample(long now) {
    List<Target> live = targets.get();
    if (live.isEmpty()) return;
    Map<Long, long[]> byGroup = new HashMap<>(); // pgid -> {ticks, rss pages}
    Map<Long, List<Long>> members = new HashMap<>();
    for (Target t : live) {
      byGroup.put(t.pgid(), new long[2]);
      members.put(t.pgid(), new ArrayList<>());
    }
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      procs.map(p -> p.getFileName().toString()).filter(n -> !n.isEmpty() && Character.isDigit(n.charAt(0)))
          .forEach(n -> ProcSample.read(Long.parseLong(n)).ifPresent(p -> {
            long[] sum = byGroup.get(p.pgrp());
            if (sum == null) return;
            sum[0] += p.cpuTicks();
            sum[1] += p.rssPages();
            members.get(p.pgrp()).add(p.pid());
          }));
    } catch (IOException | NumberFormatException e) {
      return;
    }
    Map<Long, NvidiaSmi.Use> gpu = gpus.map(NvidiaSmi::sample).orElse(Map.of());
    for (Target t : live) {
      String key = t.jobId() + "/" + t.podName();
      long[] sum = byGroup.get(t.pgid());
      long[] before = previous.put(key, new long[] {sum[0], now});
      double cores = before == null || now <= before[1] ? Double.NaN // a first sample has no interval yet
          : Math.max(0, sum[0] - before[0]) / TICKS_PER_SECOND / ((now - before[1]) / 1000.0);
      NvidiaSmi.Use g = new NvidiaSmi.Use(0, 0);
      for (long pid : members.get(t.pgid())) g = g.plus(gpu.getOrDefault(pid, new NvidiaSmi.Use(0, 0)));
      add(key, new Sample(now, cores, sum[1] * (double) PAGE_BYTES, gpus.isPresent() ? g.utilPercent() : Double.NaN,
          gpus.isPresent() ? g.memoryBytes() : Double.NaN));
    }
    previous.keySet().retainAll(live.stream().map(t -> t.jobId() + "/" + t.podName()).collect(Collectors.toSet()));
  }

  private void add(String key, Sample sample) {
    ArrayDeque<Sample> s = series.computeIfAbsent(key, k -> new ArrayDeque<>());
    synchronized (s) {
      if (s.size() >= MAX_SAMPLES) s.removeFirst();
      s.addLast(sample);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
