package dev.aihc.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * {@code ./aihc bench [--quick] [--jmh | --only PART,... [--profile DIR]]}, once the launcher has built the
 * bench: the JMH micro-benchmarks ({@code bench/jmh-results.json}), the kernel start against a bare IJava
 * kernel ({@code bench/kernel-start.json}) and the end-to-end figures ({@link EndToEnd},
 * {@code bench/results.json}). {@code --quick} runs each once, briefly, to prove it runs; {@code --only}
 * runs end-to-end parts alone, and {@code --profile DIR} adds JFR recordings of the timed 8-client
 * CreateJob run with a table of where the engine's and the client's CPU went.
 */
public final class Bench {
  private static final String USAGE = "usage: aihc bench [--quick] [--jmh | --only PART,... [--profile DIR]]";

  private Bench() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(".");
    boolean quick = false;
    boolean jmhOnly = false;
    String only = null;
    Path profile = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--root" -> root = Path.of(value(args, ++i, "--root needs a directory"));
        case "--quick" -> quick = true;
        case "--jmh" -> jmhOnly = true;
        case "--only" -> only = value(args, ++i, "aihc bench --only needs parts, e.g. --only create,launch");
        case "--profile" -> profile = Path.of(value(args, ++i, "aihc bench --profile needs a directory"));
        default -> usage(USAGE);
      }
    }
    if (only != null) {
      endToEnd(root, quick, only, profile);
      done();
    }
    if (profile != null) usage("--profile goes with --only; " + USAGE);
    // Quick: one short iteration each, enough to prove every benchmark runs; full: the published figures.
    String iterations = quick ? "-f 1 -wi 1 -w 200ms -i 1 -r 200ms" : "-f 1 -wi 3 -w 2s -i 5 -r 2s";
    List<String> jmh = new ArrayList<>(List.of(iterations.split(" ")));
    jmh.addAll(List.of("-rf", "json", "-rff", root.resolve("bench/jmh-results.json").toString(), "CoreBenchmarks"));
    new Runner(new CommandLineOptions(jmh.toArray(String[]::new))).run();
    if (jmhOnly) done();
    kernelStart(root, quick ? 2 : 5);
    endToEnd(root, quick, null, null);
    done();
  }

  /** Ends here: the clients' idle OkHttp threads would keep the JVM up another minute. */
  private static void done() {
    System.out.flush();
    System.exit(0);
  }

  /** The kernel start figures (bench/kernel_bench.py) with a kernel installed in a scratch prefix. */
  private static void kernelStart(Path root, int runs) throws IOException, InterruptedException {
    System.err.println("aihc bench: kernel start against a bare IJava kernel…");
    Path prefix = Files.createTempDirectory("aihc-bench-kernel");
    try {
      ProcessBuilder install = new ProcessBuilder(root.resolve("aihc").toString(), "kernel", "install", "--prefix",
          prefix.toString());
      install.environment().put("AIHC_NO_BUILD", "1"); // just built
      run(install);
      run(new ProcessBuilder("/usr/bin/python3", root.resolve("bench/kernel_bench.py").toString(), prefix.toString(),
          Integer.toString(runs), root.resolve("bench/kernel-start.json").toString()));
    } finally {
      try (Stream<Path> files = Files.walk(prefix)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
      }
    }
  }

  private static void endToEnd(Path root, boolean quick, String only, Path profile) throws Exception {
    List<String> args = new ArrayList<>(List.of("--root", root.toString()));
    if (quick) args.add("--quick");
    if (only != null) args.addAll(List.of("--only", only));
    if (profile != null) args.addAll(List.of("--profile", profile.toString()));
    EndToEnd.main(args.toArray(String[]::new));
    Path window = profile == null ? null : profile.resolve("create-window.txt");
    if (window == null || !Files.isRegularFile(window)) return;
    String[] fromTo = Files.readString(window).trim().split("\\s+");
    for (String side : List.of("engine", "client")) {
      Path jfr = profile.resolve(side + "-create.jfr");
      System.out.println("where the " + side + "'s CPU went during the timed 8-client CreateJob run (" + jfr + "):");
      Profiles.main(new String[] {jfr.toString(), fromTo[0], fromTo[1]});
    }
  }

  /** Runs a step of the bench with its output on standard error; a step that fails ends the bench. */
  private static void run(ProcessBuilder step) throws IOException, InterruptedException {
    int status = step.redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT)
        .start().waitFor();
    if (status != 0) {
      System.err.println("aihc bench: " + String.join(" ", step.command()) + " exited " + status);
      System.exit(1);
    }
  }

  private static String value(String[] args, int i, String missing) {
    if (i >= args.length) usage(missing);
    return args[i];
  }

  private static void usage(String message) {
    System.err.println(message);
    System.exit(2);
  }
}
