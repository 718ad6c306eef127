"""Summarises the load/fault test (bench/out/) into bench/out/faults.md."""

import collections
import json
import re
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
events = {}
extra = []
for line in (OUT / "fault_events.txt").read_text().splitlines():
    k, _, v = line.partition(" ")
    try:
        events[k] = float(v)
    except ValueError:
        extra.append(line)


def statuses(phase):
    per_sec, total, errors = collections.defaultdict(collections.Counter), collections.Counter(), ""
    f = OUT / f"status.{phase}.txt"
    if not f.exists():
        return per_sec, total, "no status file"
    for line in f.read_text().splitlines():
        if line.startswith("errors"):
            errors = line
            continue
        key, _, n = line.partition("=")
        sec, _, status = key.partition(":")
        per_sec[int(sec)][status] += int(n)
        total[status] += int(n)
    return per_sec, total, errors


def wrk_summary(phase):
    t = (OUT / f"wrk.{phase}.txt").read_text()
    rps = re.search(r"Requests/sec:\s+([\d.]+)", t)
    p50 = re.search(r"\s50%\s+(\S+)", t)
    p99 = re.search(r"\s99%\s+(\S+)", t)
    sock = re.search(r"Socket errors:.*", t)
    return (
        f"{rps[1] if rps else '?'} req/s, p50 {p50[1] if p50 else '?'}, p99 "
        f"{p99[1] if p99 else '?'}" + (f"; {sock[0]}" if sock else "; no socket errors")
    )


def fmt(counter):
    return ", ".join(f"{k}: {v}" for k, v in sorted(counter.items())) or "none"


def probe(phase):
    f = OUT / f"probe.{phase}.jsonl"
    return [json.loads(line) for line in f.read_text().splitlines()] if f.exists() else []


def timeline(per_sec, t0, t1):
    rows = ["| second | statuses |", "|---|---|"]
    for sec in sorted(per_sec):
        if t0 - 3 <= sec <= t1 + 6:
            rows.append(f"| {sec - int(t0):+d} | {fmt(per_sec[sec])} |")
    return "\n".join(rows) + "\n"


md = []
_, total, errors = statuses("steady")
fivexx = sum(v for k, v in total.items() if k.startswith("5"))
md.append(
    "### 1. Steady load: 60 s, 64 connections, rotating over the public pages\n\n"
    f"Page cache on (Redis), API throttle at its default 120/minute per client. "
    f"{wrk_summary('steady')}.\n\nStatus codes: {fmt(total)}. wrk {errors}.\n\n"
    f"**{'No 5xx' if not fivexx else f'{fivexx} 5xx responses'}**"
    f"{'' if 'connect=0 read=0 write=0 status' in errors else ' — socket errors, see above'}. "
    "(429s, if any, are the API throttle answering a single client: expected.)\n"
)

# PostgreSQL
per_sec, total, errors = statuses("pg")
start, end, ready = (
    events.get("pg_restart_start"),
    events.get("pg_restart_end"),
    events.get("pg_ready"),
)
pr = probe("pg")
during = collections.Counter(
    str(p["status"]) for p in pr if start and start <= p["t"] <= (ready or end) + 0.001
)
bad = [p for p in pr if p["status"] != 200]
recovery = ""
if ready and bad:
    last_bad = max(p["t"] + p["ms"] / 1000 for p in bad)
    after = [p for p in pr if p["t"] >= last_bad and p["status"] == 200]
    recovery = (
        f"last failed probe ended {last_bad - ready:+.2f} s after PostgreSQL was ready; "
        f"first good probe after it at {after[0]['t'] - ready:+.2f} s"
        if after
        else "**no good probe after the last failure: did not recover within the run**"
    )
elif ready:
    recovery = "no probe failed"
bodies = []
for f in sorted(OUT.glob("body_*.html")):
    text = f.read_text(errors="replace")
    title = re.search(r"<title>(.*?)</title>", text, re.S)
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", text, re.S)
    bodies.append(
        f"- `{f.name}` ({len(text)} bytes): title “{(title[1].strip() if title else '')[:100]}”, "
        f"h1 “{(re.sub('<[^>]+>', '', h1[1]).strip() if h1 else '')[:100]}”; contains "
        f"“503”: {'yes' if '503' in text else 'no'}"
    )
fivexx = sum(v for k, v in total.items() if k.startswith("5"))
md.append(
    "### 2. PostgreSQL restarted under load (40 s, 64 connections, page cache off)\n\n"
    f"`pg_ctlcluster … main restart` took {end - start:.2f} s; PostgreSQL accepted connections "
    f"{ready - start:.2f} s after the restart began. {wrk_summary('pg')}.\n\n"
    f"All statuses in the run: {fmt(total)} ({fivexx} 5xx). wrk {errors}.\n\n"
    f"Probe (`/ru/news/` every 0.1 s): {len(pr)} requests, statuses {fmt(collections.Counter(str(p['status']) for p in pr))}; "
    f"during the outage (restart start → ready): {fmt(during)}. Recovery: {recovery}.\n\n"
    "Non-200 bodies seen by the probe:\n\n"
    + ("\n".join(bodies) or "- none")
    + "\n\n"
    + ("\n".join(f"- {e}" for e in extra) + "\n\n" if extra else "")
    + "Statuses per second of the load (second 0 = restart start):\n\n"
    + (timeline(per_sec, start, ready) if start else "")
)

# Redis
per_sec, total, errors = statuses("redis")
stop, started = events.get("redis_stop"), events.get("redis_start")
pr = probe("redis")
fivexx = sum(v for k, v in total.items() if k.startswith("5"))
slow = max((p["ms"] for p in pr if stop and stop <= p["t"] <= started), default=0)
md.append(
    "### 3. Redis shut down under load (30 s, 64 connections, page cache on)\n\n"
    f"Redis down for {started - stop:.1f} s (`shutdown nosave`, then `redis-server --daemonize yes …`). "
    f"{wrk_summary('redis')}.\n\nAll statuses: {fmt(total)} — **{'no 5xx' if not fivexx else f'{fivexx} 5xx'}**. "
    f"wrk {errors}.\n\nProbe: statuses {fmt(collections.Counter(str(p['status']) for p in pr))}; slowest probe "
    f"while Redis was down {slow:.0f} ms.\n\nStatuses per second (second 0 = Redis stopped):\n\n"
    + (timeline(per_sec, stop, started) if stop else "")
)
# Redis hung
per_sec, total, errors = statuses("hung")
hang, resume = events.get("redis_hang"), events.get("redis_resume")
pr = probe("hung")
fivexx = sum(v for k, v in total.items() if k.startswith("5"))
while_hung = sorted(p["ms"] for p in pr if hang and hang <= p["t"] <= resume)
retry = events.get("cache_retry_seconds")
md.append(
    "### 4. Redis hung under load (30 s, 64 connections, page cache on)\n\n"
    f"Redis stopped with SIGSTOP for {resume - hang:.1f} s, then resumed with SIGCONT: it "
    "accepts connections and answers nothing, like a hung server. Each call to it has a "
    "0.25 s timeout; after a failure a worker leaves it alone for "
    f"`CACHE_RETRY_SECONDS` = {retry:g} s. {wrk_summary('hung')}.\n\n"
    f"All statuses: {fmt(total)} — **{'no 5xx' if not fivexx else f'{fivexx} 5xx'}**. "
    f"wrk {errors}.\n\nProbe (`/en/news/` every 0.1 s): statuses "
    f"{fmt(collections.Counter(str(p['status']) for p in pr))}; while Redis hung: "
    f"{len(while_hung)} probes, median "
    f"{while_hung[len(while_hung) // 2] if while_hung else 0:.0f} ms, slowest "
    f"{max(while_hung, default=0):.0f} ms.\n\nStatuses per second (second 0 = Redis hung):\n\n"
    + (timeline(per_sec, hang, resume) if hang else "")
)
(OUT / "faults.md").write_text("\n".join(md))
print("\n".join(md))
