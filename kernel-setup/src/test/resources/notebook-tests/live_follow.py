"""Runs a cell that follows a job in the aihc-java kernel, then presses Stop, then runs more cells.

Usage: live_follow.py --seconds S [--displays N] [--updates M] [--max-seconds T]
                      --setup CODE --follow CODE [--then CODE]...
(the kernel is found through JUPYTER_PATH and inherits this process's environment)

Runs the setup cell, then the follow cell for at least S seconds and until it has published N displays
and M updates of them (at most T seconds: a busy machine polls less often), interrupts it as the
notebook's Stop button does (interrupt_request, the kernel's interrupt_mode being "message"), then
runs each --then cell.
Prints one JSON object: what the follow cell published (displays, updates, stream text, the final HTML
of each display), its reply, how long the reply took after the interrupt, and for the setup cell and
each --then cell its status, its text (results and streams) and how long it took.
"""
import argparse
import json
import time

from jupyter_client.manager import KernelManager


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--displays", type=int, default=0)
    parser.add_argument("--updates", type=int, default=0)
    parser.add_argument("--max-seconds", type=float, default=30)
    parser.add_argument("--setup", required=True)
    parser.add_argument("--follow", required=True)
    parser.add_argument("--then", action="append", default=[])
    args = parser.parse_args()

    km = KernelManager(kernel_name="aihc-java")
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    result = {"displays": 0, "updates": 0, "stream": "", "html": {}, "then": []}
    try:
        kc.wait_for_ready(timeout=120)
        result["setup"] = run_cell(kc, args.setup)
        if result["setup"]["status"] != "ok":
            raise SystemExit("setup cell failed: %s" % json.dumps(result["setup"]))
        msg_id = kc.execute(args.follow)
        started = time.monotonic()
        interrupted_at = None
        reply = None
        while reply is None:
            now = time.monotonic()
            enough = result["displays"] >= args.displays and result["updates"] >= args.updates
            if interrupted_at is None and now - started >= (args.seconds if enough else args.max_seconds):
                result["followed_s"] = round(now - started, 3)
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
        if interrupted_at is None:
            raise SystemExit("the follow cell ended before Stop was pressed: %s" % json.dumps(reply["content"]))
        result["reply_after_interrupt_s"] = round(time.monotonic() - interrupted_at, 3)
        result["reply"] = {k: reply["content"].get(k) for k in ("status", "ename", "evalue")}
        for code in args.then:
            result["then"].append(run_cell(kc, code))
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    print(json.dumps(result))


def run_cell(kc, code):
    """Executes one cell; returns its status, its text (results, displays, streams, errors) and duration."""
    text = []

    def hook(msg):  # called with this cell's messages only
        content = msg["content"]
        if msg["msg_type"] == "stream":
            text.append(content["text"])
        elif msg["msg_type"] in ("execute_result", "display_data"):
            text.append(content["data"].get("text/plain", ""))
        elif msg["msg_type"] == "error":
            text.append("%s: %s" % (content.get("ename"), content.get("evalue")))

    started = time.monotonic()
    reply = kc.execute_interactive(code, timeout=60, output_hook=hook)
    return {"status": reply["content"]["status"], "text": "".join(text), "s": round(time.monotonic() - started, 3)}


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
