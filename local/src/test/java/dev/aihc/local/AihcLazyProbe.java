package dev.aihc.local;

import dev.aihc.Aihc;
import dev.aihc.client.AihcClient;
import dev.aihc.wire.QueueItem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * A client JVM of its own for the tests, as a notebook's startup script would be: {@code Aihc.lazy()}
 * (the home from {@code AIHC_LOCAL_HOME}), prints it and whether an engine runs, loads {@link FirstUse}
 * (a mark in the JVM's class-load log), then DescribeQueues through it, prints the queue names and exits.
 */
final class AihcLazyProbe {
  private AihcLazyProbe() {}

  /** Loaded right before the first request, so that the class-load log shows what was loaded before it. */
  static final class FirstUse {
    private FirstUse() {}
  }

  public static void main(String[] args) throws Exception {
    Path home = Path.of(System.getenv("AIHC_LOCAL_HOME"));
    AihcClient aihc = Aihc.lazy();
    System.out.println(aihc);
    System.out.println("endpoint.json before first use: " + Files.exists(home.resolve("endpoint.json")));
    Class.forName(FirstUse.class.getName());
    System.out.println("queues: " + aihc.describeQueues().queues().stream().map(QueueItem::queueName)
        .collect(Collectors.joining(",")));
    System.exit(0); // OkHttp's idle dispatcher threads would keep this JVM for another minute
  }
}
