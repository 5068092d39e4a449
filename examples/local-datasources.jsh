// Data sources on the local engine: a PFS instance and a read-only host directory, each mounted at its
// mountPath inside the job only (bubblewrap), with the host's directories left as they were.
// Run it with:  ./aihc run examples/local-datasources.jsh      (needs: apt-get install bubblewrap)
// It starts its own engine in a temporary home and closes it at the end.

import dev.aihc.dsl.*;
import dev.aihc.client.*;
import dev.aihc.wire.*;
import dev.aihc.local.*;
import java.time.*;
import java.util.*;
import java.nio.file.*;

var dir = Files.createTempDirectory("aihc-example-");
Files.createDirectories(dir.resolve("data/ckpt"));
Files.writeString(dir.resolve("data/ckpt/model.txt"), "weights v1\n");
// Hostpath data sources may only come from the roots the config allows (default <home>/data and /tmp).
var engine = LocalEngine.start(LocalEngineConfig.of(dir.resolve("home")).
    hostPathRoots(List.of(dir.resolve("data"))));
var aihc = AihcClient.builder().endpoint(engine.url().toString()).credentials(engine.credentials()).
    queue("default").build();

var job = Job.named("mounts").queue("default").image("registry.baidubce.com/aihc/pytorch:2.1").
    pfs("pfs-demo", "/mnt/cluster").
    datasource(Datasource.hostPath(dir.resolve("data/ckpt").toString(), "/mnt/ckpt").readOnly()).
    command("cat /mnt/ckpt/model.txt; echo trained > /mnt/cluster/result.txt; " +
        "touch /mnt/ckpt/new 2>/dev/null || echo /mnt/ckpt is read-only");
var run = aihc.submit(job);
System.out.println("Job " + run.await(Duration.ofSeconds(30)).status());
run.logs("master-0").forEach(line -> System.out.println("  | " + line));
// The PFS instance is a directory of the engine's pfsRoot (default <home>/pfs), created on first use.
System.out.println("On the host: pfs-demo/result.txt = " +
    Files.readString(engine.config().pfsRoot().resolve("pfs-demo/result.txt")).trim());
System.out.println("On the host: /mnt/cluster exists? " + Files.exists(Path.of("/mnt/cluster")));

// A host directory outside the allowed roots is refused before anything runs.
try {
    aihc.submit(Job.named("escape").queue("default").image("registry.baidubce.com/aihc/pytorch:2.1").
        hostPath("/etc", "/mnt/etc").command("cat /mnt/etc/shadow"));
} catch (AihcServiceException e) {
    System.out.println("Refused: " + e.errorCode() + " " + e.serviceMessage());
}

aihc.close();
engine.close();

try (var walk = Files.walk(dir)) { // tidy up the temporary home
    walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
}
