# Shared by bench/run.sh and bench/load_faults.sh (sourced). Loopback only.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
PY=$ROOT/.venv/bin/python
OUT=$ROOT/bench/out
mkdir -p "$OUT"
BENCH_DB=${BENCH_DB:-bordercoop_bench}
WEB_CONCURRENCY=${WEB_CONCURRENCY:-$(( $(nproc) * 2 + 1 ))}
GUNICORN_PID=""
BG_PIDS=()

command -v wrk >/dev/null || { apt-get install -y wrk >/dev/null 2>&1 || \
  { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }; }

export PYTHONPATH=$ROOT
export DJANGO_SETTINGS_MODULE=bench.settings
export DJANGO_DEBUG=0
export DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:-$($PY -c 'import secrets; print(secrets.token_urlsafe(50))')}
export DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost
export DJANGO_SECURE_SSL_REDIRECT=0
export DATABASE_URL=postgres://postgres@127.0.0.1:5432/$BENCH_DB
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/14}
export STATIC_ROOT=$OUT/static
export DJANGO_LOG_LEVEL=${DJANGO_LOG_LEVEL:-WARNING}

free_port() { $PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

db_exists() { psql -h 127.0.0.1 -U postgres -d postgres -XAtc "select 1 from pg_database where datname='$BENCH_DB'" | grep -q 1; }

prepare_static() {
  [ -f locale/ru/LC_MESSAGES/django.mo ] || $PY manage.py compilemessages --ignore=.venv -v 0
  timeout 120 $PY manage.py collectstatic --no-input -v 0
}

# start_gunicorn <PUBLIC_CACHE_SECONDS> <log name> [extra env assignments...]
start_gunicorn() {
  local cache=$1 log=$2; shift 2
  PORT=$(free_port)
  BASE_URL=http://127.0.0.1:$PORT
  env PUBLIC_CACHE_SECONDS="$cache" "$@" timeout 900 "$ROOT/.venv/bin/gunicorn" bench.wsgi:application \
    --bind 127.0.0.1:"$PORT" --workers "$WEB_CONCURRENCY" \
    --forwarded-allow-ips 127.0.0.1 --error-logfile "$OUT/$log.log" >>"$OUT/$log.log" 2>&1 &
  GUNICORN_PID=$!
  for _ in $(seq 1 60); do
    curl -fsS -o /dev/null --max-time 2 "$BASE_URL/bench/ok" 2>/dev/null && break
    sleep 0.5
  done
  curl -fsS -o /dev/null --max-time 2 "$BASE_URL/bench/ok" || { echo "gunicorn did not start"; tail -30 "$OUT/$log.log"; exit 1; }
  sleep 1
  # gunicorn runs under `timeout`: the master is timeout's child, the workers its children.
  MASTER_PID=$(pgrep -P "$GUNICORN_PID" | head -1)
  WORKER_PIDS=$(pgrep -P "$MASTER_PID" | tr '\n' ' ')
}

stop_gunicorn() {
  if [ -n "$GUNICORN_PID" ] && kill -0 "$GUNICORN_PID" 2>/dev/null; then
    [ -n "${MASTER_PID:-}" ] && kill -TERM "$MASTER_PID" 2>/dev/null
    for _ in $(seq 1 40); do kill -0 "$GUNICORN_PID" 2>/dev/null || break; sleep 0.25; done
    kill -KILL "$GUNICORN_PID" 2>/dev/null || true
    wait "$GUNICORN_PID" 2>/dev/null || true
  fi
  GUNICORN_PID=""
}

# Waits (up to 60 s) until gunicorn has nothing queued: wrk stops at its deadline, but sync
# workers go on with the requests already accepted. Done when /bench/ok answers within 0.2 s
# three times in a row.
drain_queue() {
  local ok=0 end=$((SECONDS + 60))
  while [ $ok -lt 3 ] && [ $SECONDS -lt $end ]; do
    if curl -fsS -o /dev/null --max-time 0.2 "$BASE_URL/bench/ok" 2>/dev/null; then
      ok=$((ok + 1))
    else
      ok=0; sleep 0.5
    fi
  done
}

cleanup() {
  for p in "${BG_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  stop_gunicorn
}

# Samples the workers' RSS every 0.2 s into $1 (peak kB per pid at the end); bounded to 120 s.
rss_sampler() {
  local file=$1; shift
  local end=$((SECONDS + 120))
  declare -A peak
  while [ $SECONDS -lt $end ] && [ ! -f "$file.stop" ]; do
    for p in $WORKER_PIDS; do
      local kb; kb=$(awk '/^VmRSS/{print $2}' /proc/"$p"/status 2>/dev/null || echo 0)
      [ "${kb:-0}" -gt "${peak[$p]:-0}" ] && peak[$p]=$kb
    done
    sleep 0.2
  done
  for p in "${!peak[@]}"; do echo "$p ${peak[$p]}"; done > "$file"
}
