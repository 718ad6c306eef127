#!/usr/bin/env bash
# The performance benchmark: `make bench`. Loopback only; every step bounded; ~10 minutes.
#  1. re-creates and fills the database bordercoop_bench (bench/fill.py),
#  2. collects static files into bench/out/static,
#  3. for the cache off (PUBLIC_CACHE_SECONDS=0) and on (Redis db 14, 300 s): starts gunicorn
#     (production settings + /bench/ok, WEB_CONCURRENCY workers) on a free port and runs wrk
#     (2 threads, 16 connections, DURATION s after a 2 s warm-up) on each URL, sampling the
#     workers' RSS,
#     The trivial view is measured again for PAIR_DURATION (3) s just before and just after
#     each URL: each URL's ratio is to the mean of the two.
#     Between runs it waits until gunicorn has finished the requests wrk abandoned
#     (drain_queue), so a slow URL does not weigh on the next one.
#     `layout` (the search page without a query: the site's layout, no query) shows what any
#     page of the site costs before it reads the database.
#  4. measures queries per request, a cProfile of each page and EXPLAIN ANALYZE of the searches
#     (bench/measure.py), and writes bench/RESULTS.md (bench/report.py).
# Env: WEB_CONCURRENCY (default 2*cores+1), DURATION (10), THREADS (2), CONNECTIONS (16).
set -euo pipefail
source "$(dirname "$0")/common.sh"
trap cleanup EXIT INT TERM
DURATION=${DURATION:-10}; THREADS=${THREADS:-2}; CONNECTIONS=${CONNECTIONS:-16}
# The API's anonymous throttle would answer 429 to a single loopback client: raise it (the
# throttle still runs, with its cache reads and writes).
export API_ANON_RATE=${API_ANON_RATE:-10000000/second}

echo "== fill"; timeout 300 env DJANGO_SETTINGS_MODULE=bordercoop.settings "$PY" bench/fill.py
echo "== collectstatic"; prepare_static
ITEM=$(sed -n 3p "$OUT/slugs.txt")
URLS=(
  "trivial=/bench/ok"
  "layout=/en/search/"
  "home=/en/"
  "news_list=/en/news/"
  "news_item=/en/news/$ITEM/"
  "blos=/en/blos/"
  "search_en=/en/search/?q=roundtable"
  "search_ru=/ru/search/?q=%D0%BA%D1%80%D1%83%D0%B3%D0%BB%D1%8B%D0%B9+%D1%81%D1%82%D0%BE%D0%BB"
  "search_en_common=/en/search/?q=border"
  "search_ru_common=/ru/search/?q=%D0%B3%D1%80%D0%B0%D0%BD%D0%B8%D1%86%D1%8B"
  "api_news=/api/v1/news/"
)
printf 'mode\tname\tpath\trps\tp50\tp99\tnon2xx\tsocket_errors\tpeak_rss_kb\trequests\ttrivial_before\ttrivial_after\n' > "$OUT/bench.tsv"
# The trivial view's rate just before and just after a URL's run: the ratio of each URL is
# taken to the mean of the two, so that a machine whose speed drifts during the run (seen
# here: the same view 995 and 781 req/s an hour apart) does not move the ratios with it.
trivial_rps() {
  timeout $((PAIR_DURATION + 20)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${PAIR_DURATION}s" \
    "$BASE_URL/bench/ok" | awk '/^Requests\/sec/{print $2}'
}
PAIR_DURATION=${PAIR_DURATION:-3}
for mode in off on; do
  cache=0; [ $mode = on ] && cache=300
  redis-cli -n 14 flushdb >/dev/null
  echo "== cache $mode: gunicorn with $WEB_CONCURRENCY workers"
  start_gunicorn $cache "gunicorn_bench_$mode"
  for entry in "${URLS[@]}"; do
    name=${entry%%=*}; path=${entry#*=}
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 20 "$BASE_URL$path" || true)
    timeout 20 wrk -t"$THREADS" -c"$CONNECTIONS" -d2s "$BASE_URL$path" >/dev/null
    drain_queue
    before=$(trivial_rps); drain_queue
    rm -f "$OUT/rss.$name.stop"
    rss_sampler "$OUT/rss.$mode.$name" & sp=$!; BG_PIDS+=("$sp")
    timeout $((DURATION + 20)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 15s --latency \
      "$BASE_URL$path" > "$OUT/wrk.$mode.$name.txt"
    touch "$OUT/rss.$mode.$name.stop"; wait $sp || true; rm -f "$OUT/rss.$mode.$name.stop"
    drain_queue
    after=$(trivial_rps); drain_queue
    f=$OUT/wrk.$mode.$name.txt
    rps=$(awk '/^Requests\/sec/{print $2}' "$f")
    p50=$(awk '$1=="50%"{print $2}' "$f"); p99=$(awk '$1=="99%"{print $2}' "$f")
    non2xx=$(awk '/Non-2xx/{print $NF}' "$f"); non2xx=${non2xx:-0}
    serr=$(awk '/Socket errors/{gsub(",","");print $4+$6+$8+$10}' "$f"); serr=${serr:-0}
    reqs=$(awk '/requests in/{print $1}' "$f")
    peak=$(awk 'BEGIN{m=0}{if($2>m)m=$2}END{print m}' "$OUT/rss.$mode.$name")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' $mode "$name" "$path" "$rps" "$p50" \
      "$p99" "$non2xx" "$serr" "$peak" "$reqs" "$before" "$after" >> "$OUT/bench.tsv"
    echo "  $name ($code): $rps req/s p50 $p50 p99 $p99 non2xx $non2xx peak RSS ${peak} kB"
  done
  for p in $WORKER_PIDS; do echo "$mode $p $(awk '/^VmHWM/{print $2}' /proc/$p/status)"; done > "$OUT/hwm.$mode"
  stop_gunicorn
done
echo "== queries per request, profiles, EXPLAIN"
args=(); for entry in "${URLS[@]}"; do args+=("$entry"); done
timeout 300 env PUBLIC_CACHE_SECONDS=300 "$PY" bench/measure.py "${args[@]}" | tee "$OUT/measure.txt"
"$PY" bench/report.py
echo "== wrote bench/RESULTS.md"
