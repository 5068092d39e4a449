"""Drives run.follow() in the aihc-java kernel against a fake AIHC endpoint, then presses Stop.

Usage: live_follow.py ENDPOINT SECONDS   (the kernel is found through JUPYTER_PATH)
Runs a cell that follows a job for SECONDS, interrupts it as the notebook's Stop button does
(interrupt_request, the kernel's interrupt_mode being "message"), then runs one more cell. Prints one
JSON object: what the follow cell published (displays, updates, stream text, the final HTML of each
display), its reply, how long the reply and the next cell took after the interrupt.
"""
import json
import sys
import time

from jupyter_client.manager import KernelManager

SETUP = ('var aihc = AihcClient.builder().endpoint("%s").credentials("ak-test", "sk-test")'
         '.pollInterval(Duration.ofMillis(200)).sink(notebookSink).build();')
FOLLOW = 'aihc.job("job-abcdef123456").follow();'


def main():
    endpoint, seconds = sys.argv[1], float(sys.argv[2])
    km = KernelManager(kernel_name="aihc-java")
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    result = {"displays": 0, "updates": 0, "stream": "", "html": {}}
    try:
        kc.wait_for_ready(timeout=120)
        setup = kc.execute_interactive(SETUP % endpoint, timeout=60, output_hook=lambda m: None)
        result["setup"] = setup["content"]["status"]
        msg_id = kc.execute(FOLLOW)
        deadline = time.monotonic() + seconds
        interrupted_at = None
        reply = None
        while reply is None:
            now = time.monotonic()
            if interrupted_at is None and now >= deadline:
                km.interrupt_kernel()
                interrupted_at = time.monotonic()
            if interrupted_at is not None and now - interrupted_at > 30:
                raise SystemExit("no reply 30 s after the interrupt")
            try:
                msg = kc.get_iopub_msg(timeout=0.05)
                record(result, msg, msg_id)
            except Exception:  # queue.Empty: nothing published just now
                pass
            try:
                shell = kc.get_shell_msg(timeout=0.01)
                if shell["parent_header"].get("msg_id") == msg_id:
                    reply = shell
            except Exception:
                pass
        result["reply_after_interrupt_s"] = round(time.monotonic() - interrupted_at, 3)
        result["reply"] = {k: reply["content"].get(k) for k in ("status", "ename", "evalue")}
        # Whatever the follow cell still publishes arrives before this cell's output.
        started = time.monotonic()
        nxt = kc.execute_interactive("1 + 1;", timeout=30, output_hook=lambda m: record(result, m, msg_id))
        result["next_cell_s"] = round(time.monotonic() - started, 3)
        result["next_cell"] = nxt["content"]["status"]
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    print(json.dumps(result))


def record(result, msg, msg_id):
    if msg["parent_header"].get("msg_id") != msg_id:
        return
    kind = msg["msg_type"]
    content = msg["content"]
    if kind in ("display_data", "update_display_data"):
        result["displays" if kind == "display_data" else "updates"] += 1
        display_id = content.get("transient", {}).get("display_id")
        result["html"][display_id] = content["data"].get("text/html", "")
    elif kind == "stream":
        result["stream"] += content["text"]


if __name__ == "__main__":
    main()
