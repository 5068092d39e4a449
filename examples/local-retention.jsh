// retentionPeriod on the local engine: a finished job and its logs are removed once it has been over for
// that long. minute(Duration.ofSeconds(1)) makes a minute of job-stated time last a second, so "1m" is
// over quickly here; leave it out (or "minute": "1m" in <home>/config.json) for real time.
// Run it with:  ./aihc run examples/local-retention.jsh

import dev.aihc.dsl.*;
import dev.aihc.client.*;
import dev.aihc.wire.*;
import dev.aihc.local.*;
import java.time.*;
import java.util.*;
import java.nio.file.*;

var dir = Files.createTempDirectory("aihc-example-");
var engine = LocalEngine.start(LocalEngineConfig.of(dir.resolve("home")).minute(Duration.ofSeconds(1)));
// await polls every 100 ms here: the brief job is gone a (scaled) second after it ends, sooner than the
// default 2 s poll would see it end.
var aihc = AihcClient.builder().endpoint(engine.url().toString()).credentials(engine.credentials()).
    queue("default").pollInterval(Duration.ofMillis(100)).build();

var image = "registry.baidubce.com/aihc/pytorch:2.1";
var brief = aihc.submit(Job.named("brief").queue("default").image(image).retention("1m").command("echo done"));
var kept = aihc.submit(Job.named("kept").queue("default").image(image).command("echo done"));
System.out.println("brief " + brief.await(Duration.ofSeconds(30)).status() + ", kept " +
    kept.await(Duration.ofSeconds(30)).status());
for (int i = 0; i < 100 && aihc.jobs().count() > 1; i++) Thread.sleep(100);
System.out.println("Jobs after a (scaled) minute: " + aihc.jobs().map(j -> j.name()).toList());

aihc.close();
engine.close();

try (var walk = Files.walk(dir)) { // tidy up the temporary home
    walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
}
