"""Writes bench/RESULTS.md from bench/out/ (bench.tsv, measure.json, faults.md, ...)."""

import csv
import json
import os
import platform
import re
import subprocess
from pathlib import Path

BENCH = Path(__file__).resolve().parent
OUT = BENCH / "out"
CORES = os.cpu_count() or 1


def sh(cmd):
    try:
        return subprocess.run(
            cmd, shell=True, capture_output=True, text=True, timeout=10
        ).stdout.strip()
    except Exception as e:
        return f"? ({e})"


def ms(v):
    m = re.match(r"([\d.]+)(us|ms|s)$", v or "")
    if not m:
        return float("nan")
    return float(m[1]) * {"us": 0.001, "ms": 1, "s": 1000}[m[2]]


def machine():
    import django

    cpu = sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip()
    mem = sh("awk '/MemTotal/{printf \"%.1f GiB\", $2/1048576}' /proc/meminfo")
    pg = sh('psql -h 127.0.0.1 -U postgres -XAtc "show server_version"')
    redis = sh("redis-cli INFO server | grep redis_version | cut -d: -f2")
    gun = sh(".venv/bin/gunicorn --version")
    wrk = sh("wrk -v 2>&1 | head -1")
    return (
        f"- nproc: {sh('nproc')}; memory: {mem}; CPU: {cpu}\n"
        f"- Python {platform.python_version()}, Django {django.get_version()}, "
        f"PostgreSQL {pg}, "
        f"Redis {redis}, "
        f"{gun}, {wrk}\n"
    )


TARGETS = {  # (mode, name) -> minimum ratio to the trivial view
    **{
        ("on", n): 0.5
        for n in ("home", "news_list", "news_item", "blos", "search_en", "search_ru", "api_news")
    },
    ("off", "news_list"): 0.15,
    ("off", "news_item"): 0.15,
    ("off", "api_news"): 0.15,
    ("off", "search_en"): 0.1,
    ("off", "search_ru"): 0.1,
}


def bench_section():
    tsv = OUT / "bench.tsv"
    if not tsv.exists():
        return "_`make bench` has not been run._\n", []
    rows = list(csv.DictReader(tsv.open(), delimiter="\t"))
    meas = (
        json.loads((OUT / "measure.json").read_text())
        if (OUT / "measure.json").exists()
        else {"urls": {}, "explain": {}}
    )
    trivial = {r["mode"]: float(r["rps"] or 0) for r in rows if r["name"] == "trivial"}
    lines = [
        "| page | path | cache | req/s | p50 | p99 | queries/req | trivial req/s before / after "
        "| ratio to trivial | worker peak MB | non-2xx | socket errors |",
        "|---" * 12 + "|",
    ]
    verdicts, misses, budgets = [], [], {}
    peak_all = 0.0
    for r in rows:
        rps = float(r["rps"] or 0)
        around = [float(v) for v in (r.get("trivial_before"), r.get("trivial_after")) if v]
        if r["name"] == "trivial":
            around = [rps]
        # The trivial view measured around this URL; an older bench.tsv: the run's trivial row.
        reference = sum(around) / len(around) if around else trivial.get(r["mode"])
        ratio = rps / reference if reference else float("nan")
        beside = " / ".join(f"{v:.0f}" for v in around) if r["name"] != "trivial" else "—"
        m = meas["urls"].get(r["name"], {})
        q = m.get(f"queries_{r['mode']}", "?")
        if r["mode"] == "on" and m.get("x_cache_on"):
            q = f"{q} (X-Cache {m['x_cache_on']})"
        peak = int(r["peak_rss_kb"] or 0) / 1024
        peak_all = max(peak_all, peak)
        lines.append(
            f"| {r['name']} | `{r['path'][:60]}` | {r['mode']} | {rps:.0f} | {r['p50']} | "
            f"{r['p99']} | {q} | {beside} | {ratio:.2f} | {peak:.0f} | {r['non2xx']} | "
            f"{r['socket_errors']} |"
        )
        t = TARGETS.get((r["mode"], r["name"]))
        if t is not None:
            ok = ratio >= t
            # The two cores' time a request takes at its rate (gunicorn, wrk and PostgreSQL
            # included), and what it may take at the target rate.
            used = CORES * 1000 / rps if rps else float("nan")
            allowed = CORES * 1000 / (t * reference) if reference else float("nan")
            verdicts.append(
                f"| {r['name']} cache {r['mode']} | ≥ {t} of trivial | {ratio:.2f} | "
                f"{used:.1f} ms / {allowed:.1f} ms | {'pass' if ok else '**miss**'} |"
            )
            budgets[(r["mode"], r["name"])] = allowed
            if not ok:
                misses.append((r["name"], r["mode"], ratio, t))
    hwm = []
    per_worker = []  # (mode, worker number, pid, MB)
    for mode in ("off", "on"):
        f = OUT / f"hwm.{mode}"
        if f.exists():
            rows = [line.split() for line in f.read_text().split("\n") if line.strip()]
            for number, (_mode, pid, kb) in enumerate(rows, 1):
                hwm.append(int(kb) / 1024)
                per_worker.append((mode, number, pid, int(kb) / 1024))
    mem_peak = max([peak_all, *hwm])
    verdicts.append(
        f"| worker memory | < 150 MB | {mem_peak:.0f} MB (max VmRSS sampled / VmHWM) | — | "
        f"{'pass' if mem_peak < 150 else '**miss**'} |"
    )
    text = "\n".join(lines) + "\n\n"
    text += (
        "Ratios compare with the trivial view (`/bench/ok`, the whole middleware stack and "
        "no DB) in the same run: with the mean of its rate measured for 3 s just before and "
        "just after the URL's run (the column before the ratio), so that the machine's drift "
        "in speed during the run does not move the ratios. `queries/req`: cache off, the "
        "request as served; cache on, the third request of the URL (a hit).\n\n### Targets\n\n"
        f"`CPU per request`: the {CORES} cores' time one request takes at the rate measured "
        f"({CORES} × 1000 ms / req/s; gunicorn, wrk and PostgreSQL share them), and what it may "
        "take at the target rate (the target ratio × the trivial view's rate around it).\n\n"
        "| target | wanted | got | CPU per request: used / allowed at the target | "
        "verdict |\n|---|---|---|---|---|\n" + "\n".join(verdicts) + "\n\n"
    )
    if per_worker:
        text += (
            "### Peak memory of each worker\n\nVmHWM (the most resident memory the process "
            "ever had) of each gunicorn worker, read after its mode's last URL.\n\n"
            "| cache | worker | pid | peak MB |\n|---|---|---|---|\n"
        )
        text += "".join(
            f"| {mode} | {number} | {pid} | {mb:.0f} |\n" for mode, number, pid, mb in per_worker
        )
        text += "\n"
    # in-process split and queries
    text += "### In-process time split (Django test client, cache off, the fastest of 7 rounds of 5 requests)\n\n"
    text += "| page | status | bytes | ms/request | of which SQL ms | queries |\n|---|---|---|---|---|---|\n"
    for name, m in meas["urls"].items():
        text += (
            f"| {name} | {m['status_off']} | {m['bytes']} | {m['ms_off']:.1f} | "
            f"{m['sql_ms_off']:.1f} | {m['queries_off']} |\n"
        )
    text += "\n"
    if meas.get("pieces"):
        allowed = budgets.get(("off", "news_list"))
        text += (
            "### Pieces of the uncached pages, each alone\n\n"
            "In-process (`bench/measure.py`), no HTTP and no middleware, the fastest of 7 "
            "rounds of 20"
            + (
                f"; to compare with the {allowed:.1f} ms of the two cores a whole request of "
                "the news list, news item or API list may take at 0.15 of the trivial view in "
                "this run (the Targets table)"
                if allowed
                else ""
            )
            + ".\n\n| piece | ms |\n|---|---|\n"
        )
        text += "".join(f"| {piece} | {took:.2f} |\n" for piece, took in meas["pieces"].items())
        text += "\n"
    for name, m in meas["urls"].items():
        text += f"<details><summary>{name}: {m['queries_off']} queries (cache off)</summary>\n\n```sql\n"
        text += "\n".join(m["sql_off"]) + "\n```\n</details>\n\n"
    if meas["explain"]:
        text += "### EXPLAIN ANALYZE of the searches (first page, 20 rows)\n\n"
        for key, e in meas["explain"].items():
            plan = e["plan"]
            gin = (
                "uses the GIN index"
                if "news_newsitem_search_" in plan
                else "**does not use the GIN index**"
            )
            text += (
                f"`{key}` — {e['count']} results (a search ranks at most the 500 newest "
                f"matches); plan {gin}:\n\n```\n{plan}\n```\n\n"
            )
    return text, misses


def profile_excerpt(name):
    f = OUT / f"profile_{name}_tottime.txt"
    if not f.exists():
        return ""
    lines = f.read_text().splitlines()
    start = next((i for i, line in enumerate(lines) if "ncalls" in line), 0)
    head = [line for line in lines[:start] if "function calls" in line]
    return "```\n" + "\n".join(head + lines[start : start + 12]) + "\n```\n"


def main():
    bench, misses = bench_section()
    fill = (OUT / "fill_time.txt").read_text().strip() if (OUT / "fill_time.txt").exists() else "?"
    text = "# bordercoop — benchmark and load/fault test results\n\n"
    text += (
        "Generated by `bench/report.py` from `make bench` and `make load-faults` (bench/out/).\n\n"
    )
    text += "## Machine\n\n" + machine() + "\n"
    text += (
        f"## Data\n\n`bench/fill.py`: {fill}\n\n"
        "## Benchmark (`make bench`)\n\nwrk on the same 2-core machine as gunicorn (wrk's own "
        "CPU use lowers every number, the trivial view's most). Production settings "
        "(DEBUG off, whitenoise, CompressedManifestStaticFilesStorage), sync workers, "
        "DATABASE_URL on 127.0.0.1 with CONN_MAX_AGE 60, API_ANON_RATE raised so the "
        "single-client benchmark is not throttled.\n\n" + bench
    )
    notes = BENCH / "NOTES.md"
    if misses:
        text += "### Misses\n\n" + "".join(
            f"- **{n}** (cache {m}): {r:.2f} of trivial, target {t}.\n" for n, m, r, t in misses
        )
        text += "\nTop of the cProfile (tottime) of each missed page, cache off, 5 requests:\n\n"
        for n in sorted({n for n, _m, _r, _t in misses}):
            text += f"**{n}**\n\n" + profile_excerpt(n) + "\n"
    if notes.exists():
        text += notes.read_text() + "\n"
    faults = OUT / "faults.md"
    text += "## Load and fault test (`make load-faults`)\n\n" + (
        faults.read_text() if faults.exists() else "_`make load-faults` has not been run._\n"
    )
    (BENCH / "RESULTS.md").write_text(text)


main()
