// Queues, capacity and priority on the local engine, as AIHC schedules them: a job starts only when all
// its replicas fit, waiting jobs go by priority (high, normal, low) then submission, ModifyJob changes a
// waiting job's place, GPUs are handed out per replica, and a job that could never fit is refused.
// Run it with:  ./aihc run examples/local-queues.jsh
//
// The engine's home gets a config.json with one queue of two GPUs. Their ids are a fake inventory on a
// machine without GPUs: the replicas only see them in CUDA_VISIBLE_DEVICES.

var home = Files.createTempDirectory("aihc-queues");
Files.writeString(home.resolve("config.json"), "{\"pools\": [{\"id\": \"local\", \"aliases\": [\"*\"], \"queues\": ["
    + "{\"name\": \"default\", \"aliases\": [\"*\"], \"cpu\": 4, \"memory\": 8,"
    + " \"gpus\": {\"baidu.com/a800_80g_cgpu\": [\"0\", \"1\"]}, \"rehearsalGpus\": 0}]}]}");
var engine = dev.aihc.local.LocalEngine.start(dev.aihc.local.LocalEngineConfig.of(home));
var aihc = AihcClient.builder().endpoint(engine.url().toString()).credentials(engine.credentials())
    .queue("default").pollInterval(Duration.ofMillis(200)).build();

Job gpuJob(String name, int gpus, String command) {
    return Job.named(name).queue("default").image("registry.baidubce.com/test/pytorch:1.0")
        .gpus(Gpu.A800, gpus).command(command);
}

void waitUntil(java.util.function.BooleanSupplier done, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!done.getAsBoolean()) {
        if (System.nanoTime() > deadline) throw new IllegalStateException("timed out waiting for " + what);
        Thread.sleep(100);
    }
}

// 1. Two one-GPU jobs: each replica gets a GPU of its own.
var a = aihc.submit(gpuJob("gpu-a", 1, "echo CUDA_VISIBLE_DEVICES=$CUDA_VISIBLE_DEVICES; sleep 60"));
var b = aihc.submit(gpuJob("gpu-b", 1, "echo CUDA_VISIBLE_DEVICES=$CUDA_VISIBLE_DEVICES; sleep 60"));
waitUntil(() -> a.logs("master-0").size() == 1 && b.logs("master-0").size() == 1, "gpu-a and gpu-b to start");
System.out.println("gpu-a sees " + a.logs("master-0").get(0));
System.out.println("gpu-b sees " + b.logs("master-0").get(0));

// 2. Three two-GPU jobs wait (Created), each saying what for; the queue counts them.
var order = home.resolve("order.txt");
var record = "echo $AIHC_JOB_NAME >> " + order;
var low = aihc.submit(gpuJob("low-first", 2, record).priority(Priority.LOW));
var normal = aihc.submit(gpuJob("normal-second", 2, record));
var high = aihc.submit(gpuJob("high-third", 2, record).priority(Priority.HIGH));
for (var r : List.of(low, normal, high)) waitUntil(() -> r.describe().reason().contains("free"), r.name());
for (var r : List.of(low, normal, high)) System.out.println(r.name() + ": " + r.status() + ", " + r.describe().reason());
System.out.println(aihc.describeQueue("default"));

// 3. ModifyJob: the low job becomes high, and first in line (it was submitted first).
low.priority(Priority.HIGH);
low.events().stream().filter(e -> e.reason().equals("PriorityChanged")).forEach(e -> System.out.println(e.message()));

// 4. When the GPUs come free, the waiting jobs start one by one, in their order.
a.stop();
b.stop();
for (var r : List.of(low, normal, high)) r.await(Duration.ofSeconds(30));
System.out.println("start order: " + Files.readAllLines(order));

// 5. A job that could never fit the queue is refused at once, naming the capacity.
try {
    aihc.submit(gpuJob("too-big", 2, "true").replicas(2));
} catch (AihcServiceException e) {
    System.out.println("refused: " + e.getMessage());
}

aihc.close();
engine.close();
