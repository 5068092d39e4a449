"""Times kernel start to the first executed cell, for each kernel named on the command line.

Usage: kernel_start.py RUNS KERNEL...   (kernels found through JUPYTER_PATH)
Prints one JSON object: {kernel: [seconds, ...], kernel + " cpu": [seconds, ...]}: wall-clock time,
and the CPU time the kernel process had used by then (steadier than wall time on a busy machine).
Runs alternate between the kernels so that load drifts hit them alike. A run is: start the kernel
process, wait until it answers, execute a trivial cell (which makes IJava run its startup scripts)
and get its reply.
"""
import os
import json
import sys
import time

from jupyter_client.manager import KernelManager


def cpu_seconds(pid):
    """User plus system CPU time of a Linux process, from /proc (0 where there is no /proc)."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return 0.0


def one_start(kernel):
    km = KernelManager(kernel_name=kernel)
    started = time.monotonic()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=120)
        reply = kc.execute_interactive("1 + 1;", timeout=120, output_hook=lambda msg: None)
        elapsed = time.monotonic() - started
        cpu = cpu_seconds(km.provisioner.process.pid)
        if reply["content"]["status"] != "ok":
            raise SystemExit("kernel %s failed the first cell: %s" % (kernel, reply["content"]))
        return elapsed, cpu
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def main():
    runs = int(sys.argv[1])
    kernels = sys.argv[2:]
    times = {}
    for _ in range(runs):
        for k in kernels:
            elapsed, cpu = one_start(k)
            times.setdefault(k, []).append(round(elapsed, 3))
            times.setdefault(k + " cpu", []).append(round(cpu, 3))
    print(json.dumps(times))


if __name__ == "__main__":
    main()
