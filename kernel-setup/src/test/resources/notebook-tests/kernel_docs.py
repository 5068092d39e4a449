"""Asks the aihc-java kernel what a notebook's Shift-Tab and Tab ask: inspect and complete requests.

Usage: kernel_docs.py SETUP_CODE REQUEST...   (the kernel is found through JUPYTER_PATH)
Runs SETUP_CODE as a cell, then for each REQUEST (`inspect:CODE` or `complete:CODE`, the cursor at the
end of CODE) sends the request as the Notebook does and prints one JSON object:
{"setup": status, "inspect": {CODE: {"text": ..., "html": ...}}, "complete": {CODE: [matches]}}.
"""
import json
import sys

from jupyter_client.manager import KernelManager


def main():
    setup, requests = sys.argv[1], sys.argv[2:]
    km = KernelManager(kernel_name="aihc-java")
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    out = {"inspect": {}, "complete": {}}
    try:
        kc.wait_for_ready(timeout=120)
        reply = kc.execute_interactive(setup, timeout=120, output_hook=lambda msg: None)
        out["setup"] = reply["content"]["status"]
        for request in requests:
            kind, code = request.split(":", 1)
            if kind == "inspect":
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
