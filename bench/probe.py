"""Polls one URL on loopback every INTERVAL s for DURATION s; one JSON line per request.
Saves the first body of every non-200 status to bench/out/body_<status>.html.

    python bench/probe.py URL DURATION OUTFILE [INTERVAL]
"""

import json
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

url, duration, outfile = sys.argv[1], float(sys.argv[2]), sys.argv[3]
interval = float(sys.argv[4]) if len(sys.argv) > 4 else 0.1
assert url.startswith("http://127.0.0.1:"), "loopback only"
out_dir = Path(outfile).parent
end = time.time() + duration
with open(outfile, "w") as f:
    while time.time() < end:
        t0 = time.time()
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                status, body = r.status, r.read()
        except urllib.error.HTTPError as e:
            status, body = e.code, e.read()
        except Exception as e:
            status, body = f"error:{type(e).__name__}", b""
        ms = (time.time() - t0) * 1000
        f.write(json.dumps({"t": round(t0, 3), "status": status, "ms": round(ms, 1)}) + "\n")
        f.flush()
        if status != 200:
            p = out_dir / f"body_{status}.html"
            if isinstance(status, int) and not p.exists():
                p.write_bytes(body)
        time.sleep(max(0, interval - (time.time() - t0)))
