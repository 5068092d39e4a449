"""Makes the start-up class-data archive of an installed aihc-java kernel.

Usage: kernel_archive.py KERNEL_DIR
Starts the kernel once as Jupyter would, with -XX:ArchiveClassesAtExit in place of the kernel's
-XX:SharedArchiveFile, runs one cell, and shuts it down cleanly so that the JVM writes
KERNEL_DIR/aihc.jsa on exit. Later starts map JShell's compiler, IJava and our classes from it.
Exits non-zero, saying why, when no archive was made; the kernel then works without one.
"""
import json
import os
import sys
import tempfile

from jupyter_client.manager import KernelManager

CELL = 'var job = Job.named("warm-up").queue("default").image("a/b:1").command("true").replicas(2); job;'


def main():
    kernel_dir = os.path.abspath(sys.argv[1])
    archive = os.path.join(kernel_dir, "aihc.jsa")
    with open(os.path.join(kernel_dir, "kernel.json")) as f:
        spec = json.load(f)
    argv = []
    for arg in spec["argv"]:
        if arg.startswith("-XX:SharedArchiveFile="):
            arg = "-XX:ArchiveClassesAtExit=" + archive
        argv.append(arg.replace("{resource_dir}", kernel_dir))
    if os.path.exists(archive):
        os.remove(archive)
    with tempfile.TemporaryDirectory() as path:
        os.makedirs(os.path.join(path, "kernels", "aihc-archive"))
        spec["argv"] = argv
        with open(os.path.join(path, "kernels", "aihc-archive", "kernel.json"), "w") as f:
            json.dump(spec, f)
        os.environ["JUPYTER_PATH"] = path
        # Writing the archive at exit takes seconds on a busy machine; jupyter_client's default (5 s, half
        # of it before SIGTERM) would end the JVM before it has written anything.
        km = KernelManager(kernel_name="aihc-archive", shutdown_wait_time=120)
        km.start_kernel()
        kc = km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=120)
            reply = kc.execute_interactive(CELL, timeout=120, output_hook=lambda msg: None)
            if reply["content"]["status"] != "ok":
                raise SystemExit("the warm-up cell failed: %s" % reply["content"].get("evalue"))
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=False)
    if not os.path.isfile(archive):
        raise SystemExit("the kernel exited without writing " + archive)


if __name__ == "__main__":
    main()
