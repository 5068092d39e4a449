// Fault tolerance on the local engine, as faultToleranceArgs ask of AIHC: unconditional retries, custom
// log patterns, hang detection; and without faultTolerance, the first failure is final.
// Run it with:  ./aihc run examples/local-fault-tolerance.jsh
//
// The engine runs with one "minute" of the flags lasting a second (LocalEngineConfig.minute, or
// --minute 1s for LocalEngineMain), so a hang timeout of 2 minutes fires after 2 seconds.

var home = Files.createTempDirectory("aihc-ft");
var engine = dev.aihc.local.LocalEngine.start(dev.aihc.local.LocalEngineConfig.of(home).minute(Duration.ofSeconds(1)));
var aihc = AihcClient.builder().endpoint(engine.url().toString()).credentials(engine.credentials())
    .queue("default").pollInterval(Duration.ofMillis(200)).build();

Job job(String name, String command) {
    return Job.named(name).queue("default").image("registry.baidubce.com/test/pytorch:1.0").command(command);
}

// Each attempt counts itself in a file of its working directory, which a restart keeps.
var count = "n=$(( $(cat n 2>/dev/null || echo 0) + 1 )); echo $n > n; ";

// 1. Two unconditional retries: three attempts, then Failed. follow() shows every attempt's lines once,
//    with the separator the engine writes between attempts.
var flaky = aihc.submit(job("flaky", count + "echo attempt $n; exit 3").faultTolerance(ft -> ft.unconditionalRetries(2)));
var result = flaky.follow();
System.out.println(result.status() + ": " + result.reason() + "; restarts: " + flaky.describe().pods().get(0).restarts());
System.out.println();

// 2. A custom log pattern (a regular expression; faultToleranceArgs is split at spaces, so write \s
//    for one) fails the attempt that prints a matching line; the retry succeeds.
var nccl = aihc.submit(job("nccl", "if [ -f tried ]; then echo fine; exit 0; fi; touch tried; "
    + "echo 'NCCL timeout in allreduce'; sleep 60")
    .faultTolerance(ft -> ft.unconditionalRetries(1).logPattern("NCCL\\s+timeout")));
System.out.println(nccl.await(Duration.ofSeconds(30)).status());
nccl.events().stream().filter(e -> e.reason().equals("LogPatternMatched")).forEach(e -> System.out.println(e.message()));
System.out.println();

// 3. Hang detection: a replica silent for the log timeout (after the start-up grace) is hung, ended and retried.
var silent = aihc.submit(job("silent", "if [ -f hung ]; then echo recovered; exit 0; fi; touch hung; sleep 60")
    .faultTolerance(ft -> ft.hangDetection(Duration.ofMinutes(2), Duration.ofMinutes(1), Duration.ofMinutes(5))
        .unconditionalRetries(1)));
System.out.println(silent.await(Duration.ofSeconds(30)).status());
silent.events().stream().filter(e -> e.reason().equals("jobHang")).forEach(e -> System.out.println(e.message()));
System.out.println();

// 4. No faultTolerance: the first failure is final.
var plain = aihc.submit(job("plain", "exit 3"));
var plainResult = plain.await(Duration.ofSeconds(30));
System.out.println("without fault tolerance: " + plainResult.status() + ": " + plainResult.reason()
    + "; restarts: " + plain.describe().pods().get(0).restarts());

aihc.close();
engine.close();
