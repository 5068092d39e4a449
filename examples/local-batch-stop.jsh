// BatchStopJobs on the local engine: stop several jobs in one call; each id is answered in successList
// or failedList (with the reason), so one unknown id does not stop the others from stopping.
// Run it with:  ./aihc run examples/local-batch-stop.jsh

import dev.aihc.dsl.*;
import dev.aihc.client.*;
import dev.aihc.wire.*;
import dev.aihc.local.*;
import java.time.*;
import java.util.*;
import java.nio.file.*;

var dir = Files.createTempDirectory("aihc-example-");
var engine = LocalEngine.start(LocalEngineConfig.of(dir.resolve("home")).gracePeriod(Duration.ofSeconds(1)));
var aihc = AihcClient.builder().endpoint(engine.url().toString()).credentials(engine.credentials()).
    queue("default").build();

var image = "registry.baidubce.com/aihc/pytorch:2.1";
var a = aihc.submit(Job.named("sweep-a").queue("default").image(image).command("sleep 60"));
var b = aihc.submit(Job.named("sweep-b").queue("default").image(image).command("sleep 60"));
var result = aihc.batchStopJobs(List.of(a.id(), b.id(), "job-doesnotexist"));
System.out.println("Stopped: " + result.successList().size() + ", failed: " + result.failedList().size());
System.out.println("sweep-a " + a.await(Duration.ofSeconds(30)).status() + ", sweep-b " +
    b.await(Duration.ofSeconds(30)).status());
// The web terminal is a cloud feature: the local engine says so instead of pretending.
try {
    aihc.describeJobWebterminal(a.id(), "sweep-a-master-0");
} catch (AihcServiceException e) {
    System.out.println("Web terminal: " + e.statusCode() + " " + e.serviceMessage().replaceAll(":.*", ""));
}

aihc.close();
engine.close();

try (var walk = Files.walk(dir)) { // tidy up the temporary home
    walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
}
