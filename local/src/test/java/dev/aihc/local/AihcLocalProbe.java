package dev.aihc.local;

import dev.aihc.Aihc;
import dev.aihc.client.AihcClient;
import dev.aihc.internal.local.LocalHome;
import java.nio.file.Path;

/**
 * A client JVM of its own for the tests: {@code Aihc.local(HOME)}, then prints {@code pid=N} of the
 * engine it got and one DescribeJobs answer, and exits.
 */
final class AihcLocalProbe {
  private AihcLocalProbe() {}

  public static void main(String[] args) {
    Path home = Path.of(args[0]);
    try (AihcClient client = Aihc.local(home, message -> System.err.println("probe: " + message))) {
      long jobs = client.jobs().count();
      System.out.println("pid=" + new LocalHome(home).endpoint().orElseThrow().pid() + " jobs=" + jobs);
    }
    System.exit(0); // OkHttp's idle dispatcher threads would keep this JVM for another minute
  }
}
