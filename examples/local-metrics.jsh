// DescribeJobMetrics on the local engine: CPU and memory of each replica, sampled from /proc about once a
// second; GPU series come from nvidia-smi when the machine has it, otherwise they are empty with a reason.
// Run it with:  ./aihc run examples/local-metrics.jsh

import dev.aihc.dsl.*;
import dev.aihc.client.*;
import dev.aihc.wire.*;
import dev.aihc.local.*;
import java.time.*;
import java.util.*;
import java.nio.file.*;

var dir = Files.createTempDirectory("aihc-example-");
var engine = LocalEngine.start(LocalEngineConfig.of(dir.resolve("home")));
var aihc = AihcClient.builder().endpoint(engine.url().toString()).credentials(engine.credentials()).
    queue("default").build();

// Busy for a few seconds: one core's worth of shell loop.
var run = aihc.submit(Job.named("busy").queue("default").image("registry.baidubce.com/aihc/pytorch:2.1").
    command("end=$((SECONDS+5)); while [ $SECONDS -lt $end ]; do :; done"));
Thread.sleep(3500);
var now = Instant.now();
var cpu = aihc.describeJobMetrics(run.id(), "CpuUsage", now.minusSeconds(10), now, Duration.ofSeconds(1));
for (var pod : cpu.metrics()) {
    System.out.println("CpuUsage of " + pod.podName() + " (cores): " + pod.metrics().size() + " samples, max " +
        pod.metrics().stream().mapToDouble(JobMetrics.Sample::value).max().orElse(0));
}
var memory = aihc.describeJobMetrics(run.id(), "MemoryUsage", now.minusSeconds(10), now, Duration.ofSeconds(1));
System.out.println("MemoryUsage (bytes) has samples: " + memory.metrics().get(0).metrics().size());
var gpu = aihc.describeJobMetrics(run.id(), "GpuUsage", now.minusSeconds(10), now, Duration.ofSeconds(1));
System.out.println("GpuUsage: " + (gpu.reason() != null ? gpu.reason() : gpu.metrics()));
System.out.println("Nodes: " + aihc.describeJobNodes(run.id()).nodeName().size() + " (this host)");

run.stop();
aihc.close();
engine.close();

try (var walk = Files.walk(dir)) { // tidy up the temporary home
    walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
}
