// alertConfig on the local engine: each listed item becomes an Alert event, and with a webhook in the
// config a JSON POST to it. Here the receiver is a tiny HTTP server in this script, on loopback.
// Run it with:  ./aihc run examples/local-alerts.jsh

import dev.aihc.dsl.*;
import dev.aihc.client.*;
import dev.aihc.wire.*;
import dev.aihc.local.*;
import com.sun.net.httpserver.HttpServer;
import java.net.*;
import java.time.*;
import java.util.*;
import java.util.concurrent.*;
import java.nio.file.*;

var received = new LinkedBlockingQueue<String>();
var receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
receiver.createContext("/alerts", ex -> {
    received.add(new String(ex.getRequestBody().readAllBytes()));
    ex.sendResponseHeaders(204, -1);
    ex.close();
});
receiver.start();

var dir = Files.createTempDirectory("aihc-example-");
// The same setting in <home>/config.json: {"alerts": {"webhookUrl": "http://127.0.0.1:PORT/alerts"}}
var engine = LocalEngine.start(LocalEngineConfig.of(dir.resolve("home")).
    alertWebhook(URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/alerts")));
var aihc = AihcClient.builder().endpoint(engine.url().toString()).credentials(engine.credentials()).
    queue("default").build();

var run = aihc.submit(Job.named("flaky").queue("default").image("registry.baidubce.com/aihc/pytorch:2.1").
    alert(a -> a.alertItems(AlertItem.JOB_FAILED, AlertItem.JOB_SUCCEED)).
    command("echo training; exit 3"));
System.out.println("Job " + run.await(Duration.ofSeconds(30)).status());
System.out.println("Webhook got: " + received.poll(20, TimeUnit.SECONDS));
run.events().stream().filter(e -> e.reason().equals("Alert")).
    forEach(e -> System.out.println("Event: " + e.reason() + " " + e.message().replaceAll(" \\(sent to .*", "")));

aihc.close();
engine.close();
receiver.stop(0);

try (var walk = Files.walk(dir)) { // tidy up the temporary home
    walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
}
