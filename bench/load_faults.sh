#!/usr/bin/env bash
# Load and fault test: `make load-faults`. Loopback only; every phase bounded; ~4 minutes.
#  1. 60 s, 64 connections, wrk rotating over the public pages (production defaults: page
#     cache on in Redis, API throttle 120/minute per client): status code counts.
#  2. PostgreSQL restarted once in the middle of a 40 s load (page cache off, so every request
#     needs the database): statuses during the outage, a 503 body, recovery without restarting
#     gunicorn (a probe polls /ru/news/ every 0.1 s: the 503 a Russian reader gets).
#  3. Redis shut down in the middle of a 30 s load (page cache on) and started again: no 5xx.
#  4. Redis hung (SIGSTOP: it accepts connections and answers nothing) for 8 s in the middle
#     of a 30 s load (page cache on), then resumed (SIGCONT): no 5xx, and how slow requests
#     get while it hangs (each worker waits for one timeout, then leaves Redis alone for
#     CACHE_RETRY_SECONDS).
# Writes bench/out/faults.md and regenerates bench/RESULTS.md.
set -euo pipefail
source "$(dirname "$0")/common.sh"
REDIS_PID=""
trap '[ -n "$REDIS_PID" ] && kill -CONT "$REDIS_PID" 2>/dev/null; redis-cli -p 6379 ping >/dev/null 2>&1 || redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null; cleanup' EXIT INT TERM
CONN=${CONNECTIONS:-64}
now() { date +%s.%N | cut -c1-14; }

db_exists && [ -f "$OUT/slugs.txt" ] || timeout 300 env DJANGO_SETTINGS_MODULE=bordercoop.settings "$PY" bench/fill.py
prepare_static
{
  echo /en/; echo /ru/; echo /en/news/; echo "/en/news/?page=7"; echo /ru/news/
  for s in $(head -4 "$OUT/slugs.txt"); do echo "/en/news/$s/"; echo "/ru/news/$s/"; done
  echo /en/blos/; echo /ru/blos/; echo /en/programmes/; echo /ru/programmes/; echo /en/contacts/
  echo "/en/search/?q=border"; echo "/en/search/?q=roundtable"; echo "/en/search/?q=training+corruption"
  echo "/ru/search/?q=%D0%B3%D1%80%D0%B0%D0%BD%D0%B8%D1%86%D1%8B"; echo /api/v1/news/; echo /api/v1/blos/
} > "$OUT/rotation.txt"
EV=$OUT/fault_events.txt; : > "$EV"; rm -f "$OUT"/body_*.html

run_load() {  # name duration
  WRK_STATUS_OUT=$OUT/status.$1.txt timeout $(($2 + 20)) wrk -t2 -c"$CONN" -d"$2s" --timeout 10s --latency \
    -s bench/status.lua "$BASE_URL" -- "$OUT/rotation.txt" > "$OUT/wrk.$1.txt" 2>&1
}

echo "== 1. steady load 60 s, $CONN connections"
redis-cli -n 14 flushdb >/dev/null
start_gunicorn 300 gunicorn_faults_steady
run_load steady 60
stop_gunicorn

echo "== 2. PostgreSQL restart under load (page cache off)"
start_gunicorn 0 gunicorn_faults_pg
echo "base $BASE_URL" >> "$EV"
timeout 60 "$PY" bench/probe.py "$BASE_URL/ru/news/" 40 "$OUT/probe.pg.jsonl" 0.1 & BG_PIDS+=($!); probe=$!
run_load pg 40 & BG_PIDS+=($!); load=$!
sleep 12
echo "pg_restart_start $(now)" >> "$EV"
timeout 60 pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main restart || echo "pg restart rc=$?" >> "$EV"
echo "pg_restart_end $(now)" >> "$EV"
for _ in $(seq 1 100); do pg_isready -h 127.0.0.1 -q && break; sleep 0.1; done
echo "pg_ready $(now)" >> "$EV"
wait $load || true; wait $probe || true
for p in $WORKER_PIDS; do kill -0 "$p" 2>/dev/null && echo "worker_alive $p" >> "$EV" || echo "worker_gone $p" >> "$EV"; done
stop_gunicorn

echo "== 3. Redis shutdown under load (page cache on)"
redis-cli -n 14 flushdb >/dev/null
start_gunicorn 300 gunicorn_faults_redis
timeout 50 "$PY" bench/probe.py "$BASE_URL/en/news/" 30 "$OUT/probe.redis.jsonl" 0.1 & BG_PIDS+=($!); probe=$!
run_load redis 30 & BG_PIDS+=($!); load=$!
sleep 8
echo "redis_stop $(now)" >> "$EV"
redis-cli -p 6379 shutdown nosave >/dev/null 2>&1 || true
sleep 8
echo "redis_start $(now)" >> "$EV"
redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
wait $load || true; wait $probe || true
stop_gunicorn

echo "== 4. Redis hung under load (page cache on)"
redis-cli -n 14 flushdb >/dev/null
CACHE_RETRY_SECONDS=${CACHE_RETRY_SECONDS:-5}
echo "cache_retry_seconds $CACHE_RETRY_SECONDS" >> "$EV"
start_gunicorn 300 gunicorn_faults_hung CACHE_RETRY_SECONDS="$CACHE_RETRY_SECONDS"
timeout 50 "$PY" bench/probe.py "$BASE_URL/en/news/" 30 "$OUT/probe.hung.jsonl" 0.1 & BG_PIDS+=($!); probe=$!
run_load hung 30 & BG_PIDS+=($!); load=$!
sleep 8
REDIS_PID=$(redis-cli -p 6379 info server | awk -F: '/^process_id/{print $2}' | tr -d '\r')
echo "redis_hang $(now)" >> "$EV"
kill -STOP "$REDIS_PID"
sleep 8
kill -CONT "$REDIS_PID"
echo "redis_resume $(now)" >> "$EV"
REDIS_PID=""
wait $load || true; wait $probe || true
stop_gunicorn

"$PY" bench/faults.py
"$PY" bench/report.py
echo "== wrote bench/out/faults.md and bench/RESULTS.md"
