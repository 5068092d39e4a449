"""Times kernel start to the first executed cell, for each kernel named on the command line.

Usage: kernel_start.py RUNS KERNEL...   (kernels found through JUPYTER_PATH)
Prints one JSON object: {kernel: [seconds, ...]}. Runs alternate between the kernels so that machine
load drifts hit them alike. A run is: start the kernel process, wait until it answers, execute a
trivial cell (which makes IJava run its startup scripts) and get its reply.
"""
import json
import sys
import time

from jupyter_client.manager import KernelManager


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
        if reply["content"]["status"] != "ok":
            raise SystemExit("kernel %s failed the first cell: %s" % (kernel, reply["content"]))
        return elapsed
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def main():
    runs = int(sys.argv[1])
    kernels = sys.argv[2:]
    times = {k: [] for k in kernels}
    for _ in range(runs):
        for k in kernels:
            times[k].append(round(one_start(k), 3))
    print(json.dumps(times))


if __name__ == "__main__":
    main()
