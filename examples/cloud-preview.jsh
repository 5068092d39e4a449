// See exactly what submitting a job to AIHC would send, without sending anything and without an account.
// Run it with:  ./aihc run examples/cloud-preview.jsh
// The keys below are fake on purpose: a preview signs locally and makes no network call.
// (The startup script imports these too; they are repeated so plain jshell can run this file.)

import dev.aihc.dsl.*;
import dev.aihc.client.*;
import dev.aihc.wire.*;
import java.time.*;
import java.util.*;
import java.nio.file.*;

var client = AihcClient.builder().
    region("bj").
    pool("cce-1uji3ib5").
    queue("default").
    credentials("AKEXAMPLE0000not0a0real0key", "SKEXAMPLE-not-a-real-secret-key").
    build();

var job = Job.named("bert-sft").
    queue("default").
    image("registry.baidubce.com/aihc-aiak/aiak-megatron:ubuntu20.04-cu11.8-torch1.14.0-py38_v1.2.7.12_release").
    imageAuth("robot", "not-a-real-password").
    replicas(2).
    gpus(Gpu.A800, 8).
    cpu(64).memory(512).sharedMemory(128).
    env("NCCL_DEBUG", "INFO").
    rdma().
    pfs("pfs-pxE6jz", "/mnt/cluster").
    priority(Priority.HIGH).
    faultTolerance(ft -> ft.replace().unconditionalRetries(2)).
    tensorboard("/mnt/cluster/tb").
    retention(Duration.ofDays(7)).
    command("torchrun --nproc_per_node=8 /mnt/cluster/train.py");

// The request: method, URL with pool and queue, headers (signature masked), body (password masked).
var preview = client.preview(job);
System.out.println(preview);
System.out.println();

// The same as a curl command, still masked: safe to paste into a ticket.
// preview.toRunnableCurl() would give the real signature and password; keep that one private.
System.out.println(preview.toCurl());
