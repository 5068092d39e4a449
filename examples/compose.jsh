// Compose a distributed PyTorch job with the DSL, check it, and print the CreateJob body.
// Run it with:  ./aihc run examples/compose.jsh
// The startup script has already imported dev.aihc.dsl.*, dev.aihc.client.*, dev.aihc.insight.*,
// dev.aihc.wire.* and java.time.*.

var job = Job.named("bert-sft")
    .queue("default")
    .image("registry.baidubce.com/aihc-aiak/aiak-megatron:ubuntu20.04-cu11.8-torch1.14.0-py38_v1.2.7.12_release")
    .replicas(2)
    .gpus(Gpu.A800, 8)
    .cpu(64).memory(512).sharedMemory(128)
    .env("NCCL_DEBUG", "INFO")
    .rdma()
    .bccl()
    .pfs("pfs-pxE6jz", "/mnt/cluster")
    .hostPath("/data/ckpt", "/mnt/ckpt")
    .priority(Priority.HIGH)
    .faultTolerance(ft -> ft.replace()
        .hangDetection(Duration.ofMinutes(7), Duration.ofMinutes(15), Duration.ofMinutes(3))
        .unconditionalRetries(2))
    .tensorboard("/mnt/cluster/tb")
    .retention(Duration.ofDays(7))
    .command("torchrun --nproc_per_node=8 /mnt/cluster/train.py");

System.out.println(job);
System.out.println();
System.out.println("Validation: " + job.validate());
System.out.println();
System.out.println(job.toJson());

// Every step returns a new Job: the one above is unchanged, and a broken variant lists all its problems.
var broken = job.name("BERT_sft").replicas(1).faultTolerance(ft -> ft.unconditionalRetries(5));
System.out.println();
System.out.println("A broken variant:");
System.out.println(broken.validate());
System.out.println();
System.out.println("What changed: " + job.diff(broken));
