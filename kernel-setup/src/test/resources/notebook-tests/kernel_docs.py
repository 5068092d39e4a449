"""Asks the aihc-java kernel what a notebook's Shift-Tab and Tab ask: inspect and complete requests.

Usage: kernel_docs.py REQUEST...   (the kernel is found through JUPYTER_PATH)
Sends each REQUEST in turn to a new kernel: `run:CODE` runs CODE as a cell, `inspect:CODE` and
`complete:CODE` ask as the Notebook's Shift-Tab and Tab do with the cursor at the end of CODE. Prints
one JSON object: {"run": [status...], "inspect": {CODE: {"text": ..., "html": ...}}, "complete": {CODE: [matches]}}.
"""
import json
import sys

from jupyter_client.manager import KernelManager


def main():
    requests = sys.argv[1:]
    km = KernelManager(kernel_name="aihc-java")
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    out = {"run": [], "inspect": {}, "complete": {}}
    try:
        kc.wait_for_ready(timeout=120)
        for request in requests:
            kind, code = request.split(":", 1)
            if kind == "run":
                reply = kc.execute_interactive(code, timeout=120, output_hook=lambda msg: None)
                out["run"].append(reply["content"]["status"])
            elif kind == "inspect":
                content = kc.inspect(code, len(code), detail_level=0, reply=True, timeout=60)["content"]
                data = content.get("data", {})
                out["inspect"][code] = {"text": data.get("text/plain", ""), "html": data.get("text/html", "")}
            else:
                content = kc.complete(code, len(code), reply=True, timeout=60)["content"]
                out["complete"][code] = content.get("matches", [])
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
