// Quickstart: train a small model on two replicas with torch.distributed, on the local engine.
// Run it with:  ./aihc quickstart   (installs what is missing, builds, then runs this file)
//          or:  ./aihc run examples/quickstart.jsh   (from the checkout's root)
// The local engine runs each replica as a process on this machine and gives it MASTER_ADDR,
// MASTER_PORT, RANK and WORLD_SIZE, as AIHC does on its nodes: train_ddp.py runs unchanged on both.

// A Python that can import torch: AIHC_PYTHON (./aihc quickstart sets it), else python3 on PATH, else
// the system's own (Debian's python3-torch belongs to /usr/bin/python3, which a pyenv python3 hides).
var python = Aihc.torchPython();

// Absolute: each replica runs in a working directory of its own under the engine's home.
var script = Path.of("examples", "train_ddp.py").toAbsolutePath();
if (!Files.exists(script)) throw new IllegalStateException("run this from the checkout's root: no " + script);

var job = Job.named("quickstart-ddp")
    .queue("default")
    .image("registry.baidubce.com/aihc-public/pytorch:2.1.0-cpu")   // what AIHC would pull; locally only recorded
    .replicas(2)
    .command("'" + python + "' '" + script + "' --epochs 5");

var local = Aihc.local();          // the engine in ~/.aihc/local (or AIHC_LOCAL_HOME), started when none runs
var run = local.submit(job);
System.out.println("submitted " + job.name() + " as " + run.id() + " with " + python);
var result = run.follow();         // both replicas' lines as they come, [master-0] and [worker-0]
System.out.println(result);
if (!result.isSuccess()) throw new IllegalStateException("the quickstart job did not succeed: " + result);
