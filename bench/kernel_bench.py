"""Kernel start to the first executed cell: the aihc-java kernel against a bare IJava kernel.

Usage: kernel_bench.py PREFIX RUNS OUT.json
PREFIX holds an installed aihc-java kernel (./aihc kernel install --prefix PREFIX); a bare IJava kernel
is made beside it from the same IJava jar and JVM. Writes {"kernelStartRatio": median ratio, ...}.
Runs alternate between the two kernels so that load drifts hit both alike.
"""
import json
import os
import shutil
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "kernel-setup", "src", "test", "resources",
                                "notebook-tests"))
from kernel_start import one_start  # noqa: E402  (the same timing the kernel tests use)


def make_bare(prefix):
    kernels = os.path.join(prefix, "share", "jupyter", "kernels")
    ours = os.path.join(kernels, "aihc-java")
    bare = os.path.join(kernels, "ijava-bare")
    os.makedirs(bare, exist_ok=True)
    shutil.copy(os.path.join(ours, "ijava-1.3.0.jar"), bare)
    with open(os.path.join(ours, "kernel.json")) as f:
        spec = json.load(f)
    java = next(a for a in spec["argv"] if a != "/usr/bin/env" and "=" not in a)
    argv = [java, "-jar", "{resource_dir}/ijava-1.3.0.jar", "{connection_file}"]
    with open(os.path.join(bare, "kernel.json"), "w") as f:
        json.dump({"argv": argv, "display_name": "Java (bare IJava)", "language": "java",
                   "interrupt_mode": "message"}, f)


def main():
    prefix, runs, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    os.environ["JUPYTER_PATH"] = os.path.join(prefix, "share", "jupyter")
    make_bare(prefix)
    times = {"ijava-bare": [], "aihc-java": []}
    for kernel in times:  # one warm-up each: page cache, class-data archive mapping
        one_start(kernel)
    for _ in range(runs):
        for kernel in times:
            times[kernel].append(one_start(kernel)[0])
    bare = statistics.median(times["ijava-bare"])
    ours = statistics.median(times["aihc-java"])
    result = {"kernelStartRatio": round(ours / bare, 3), "bareIjavaStartS": round(bare, 3),
              "aihcKernelStartS": round(ours, 3), "runs": times}
    with open(out, "w") as f:
        json.dump(result, f, indent=2)
    print("kernel start to first cell, median of %d: bare IJava %.2f s, aihc-java %.2f s (%.2fx)"
          % (runs, bare, ours, ours / bare))


if __name__ == "__main__":
    main()
