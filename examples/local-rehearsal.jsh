// A job shaped for the cloud (A800 x 8, 64 cores, 512 GB, RDMA, BCCL) rehearsed on this machine's CPU.
// Run it with:  ./aihc run examples/local-rehearsal.jsh
//
// On a machine without GPUs the local engine's default queue offers 8 virtual devices of every GPU
// descriptor, so the job is admitted as it would be on AIHC and its replicas run on the CPU with
// CUDA_VISIBLE_DEVICES= (empty). What has no meaning on one host (RDMA, BCCL) is recorded and said in
// the job's events, never dropped silently. The config.json below spells that default out, so the
// example behaves the same on a machine with GPUs.

var home = Files.createTempDirectory("aihc-rehearsal");
Files.writeString(home.resolve("config.json"), "{\"pools\": [{\"id\": \"local\", \"aliases\": [\"aihc-serverless\", \"*\"],"
    + " \"queues\": [{\"name\": \"default\", \"aliases\": [\"*\"], \"gpus\": {}, \"rehearsalGpus\": 8}]}]}");
var engine = dev.aihc.local.LocalEngine.start(dev.aihc.local.LocalEngineConfig.of(home));
var aihc = AihcClient.builder().endpoint(engine.url().toString()).credentials(engine.credentials())
    .pollInterval(Duration.ofMillis(200)).build();

var job = Job.named("llm-sft")
    .pool("cce-1uji3ib5").queue("a800-queue")
    .image("registry.baidubce.com/aihc-aiak/aiak-megatron:ubuntu20.04-cu11.8-torch1.14.0-py38_v1.2.7.12_release")
    .gpus(Gpu.A800, 8).cpu(64).memory(512)
    .rdma().bccl()
    .env("NCCL_DEBUG", "INFO")
    .command("echo rank $RANK of $WORLD_SIZE, CUDA_VISIBLE_DEVICES=[$CUDA_VISIBLE_DEVICES]");

var run = aihc.submit(job);
var result = run.follow();
System.out.println(result.status() + ": " + result.reason());
System.out.println();
for (var e : run.events()) System.out.println(e.reason() + ": " + e.message());

aihc.close();
engine.close();
