#!/usr/bin/env bash
# `make loadtest`: serve Passerelle with gunicorn (2 workers) on PostgreSQL, with
# production settings over plain HTTP, and load it with wrk over a URL mix picked
# from the data (home, lists with filters, details, search, API, a static file).
#
# Prints requests per second, p50 and p99 latency and errors (answers outside
# 2xx/3xx, connection errors, timeouts) for the whole mix, then for each URL
# group on its own: wrk's Lua hooks cannot tell which request an answer belongs
# to, so per-group figures come from a short run per group.
#
# Settings (environment):
#   BENCH_DATABASE_URL       the database (postgres://postgres@127.0.0.1:5432/passerelle_bench)
#   LOADTEST_DURATION        the mixed run (60s)
#   LOADTEST_CONNECTIONS     open connections (32)
#   LOADTEST_THREADS         wrk threads (2)
#   LOADTEST_GROUP_DURATION  each group's run (10s; 0 skips them)
#   LOADTEST_PORT            gunicorn's port on 127.0.0.1 (8765)
#   CACHE_URL                passed to gunicorn (e.g. redis://127.0.0.1:6379/1)
# gunicorn is stopped at the end, on an error or on Ctrl+C alike.
set -euo pipefail
cd "$(dirname "$0")/../.."

PYTHON=.venv/bin/python
GUNICORN=.venv/bin/gunicorn
DURATION=${LOADTEST_DURATION:-60s}
CONNECTIONS=${LOADTEST_CONNECTIONS:-32}
THREADS=${LOADTEST_THREADS:-2}
GROUP_DURATION=${LOADTEST_GROUP_DURATION:-10s}
PORT=${LOADTEST_PORT:-8765}
BASE=http://127.0.0.1:$PORT

if ! command -v wrk >/dev/null; then
  echo "wrk not found: apt-get install wrk" >&2
  exit 1
fi

# Production settings, but plain HTTP on the loopback and an API limit per
# address that wrk, one address, would otherwise hit at once.
export DATABASE_URL=${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/passerelle_bench}
export DEBUG=0 SECURE_SSL_REDIRECT=0 ALLOWED_HOSTS=127.0.0.1
export SECRET_KEY=${SECRET_KEY:-loadtest-only-not-secret}
export API_ANON_RATE=${API_ANON_RATE:-1000000/minute}
if [[ -n ${CACHE_URL:-} ]]; then export CACHE_URL; fi

work=$(mktemp -d)
gunicorn_pid=
stop() {
  if [[ -n $gunicorn_pid ]] && kill -0 "$gunicorn_pid" 2>/dev/null; then
    kill -TERM "$gunicorn_pid"
    wait "$gunicorn_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap stop EXIT
trap 'exit 130' INT TERM

$PYTHON manage.py migrate --verbosity 0
$PYTHON manage.py collectstatic --noinput --verbosity 0
$PYTHON manage.py benchmark_pages --print-urls >"$work/urls.tsv"

$GUNICORN portal.wsgi --workers 2 --bind "127.0.0.1:$PORT" \
  --error-logfile "$work/gunicorn.log" &
gunicorn_pid=$!
for _ in $(seq 100); do
  curl -fs -o /dev/null "$BASE/en/" && break
  kill -0 "$gunicorn_pid" 2>/dev/null || { cat "$work/gunicorn.log" >&2; exit 1; }
  sleep 0.3
done

# Each URL once, before the load: it must answer, and its first visit (templates,
# caches) is not what is measured.
failed=0
while IFS=$'\t' read -r group path; do
  status=$(curl -s -o /dev/null -w '%{http_code}' -H 'Accept-Encoding: gzip' "$BASE$path")
  if [[ $status != 2* && $status != 3* ]]; then
    echo "$group $path answered $status" >&2
    failed=1
  fi
done <"$work/urls.tsv"
if ((failed)); then
  tail -n 30 "$work/gunicorn.log" >&2
  exit 1
fi

# Sync workers still answer the requests queued by a finished run's connections:
# wait for a static file to come back quickly before the next run starts.
drain() {
  local static_path
  static_path=$(grep -P '^static\t' "$work/urls.tsv" | head -n 1 | cut -f2)
  for _ in $(seq 120); do
    local seconds
    seconds=$(curl -s -o /dev/null -w '%{time_total}' "$BASE$static_path")
    awk -v s="$seconds" 'BEGIN { exit !(s < 0.05) }' && return
    sleep 0.5
  done
}

echo "gunicorn: 2 workers on 127.0.0.1:$PORT, ${DATABASE_URL##*/}, cache ${CACHE_URL:-local memory}."
echo "wrk: $THREADS threads, $CONNECTIONS connections; $(wc -l <"$work/urls.tsv") URLs:"
sed 's/^/  /' "$work/urls.tsv"
echo
LOADTEST_LABEL=mix wrk --threads "$THREADS" --connections "$CONNECTIONS" --duration "$DURATION" \
  --timeout 10s --latency --script scripts/bench/loadtest.lua "$BASE" -- "$work/urls.tsv"

if [[ $GROUP_DURATION != 0 && $GROUP_DURATION != 0s ]]; then
  echo
  echo "Each group on its own, $GROUP_DURATION:"
  for group in $(cut -f1 "$work/urls.tsv" | uniq); do
    drain
    grep -P "^$group\t" "$work/urls.tsv" >"$work/$group.tsv"
    LOADTEST_LABEL=$group wrk --threads "$THREADS" --connections "$CONNECTIONS" \
      --duration "$GROUP_DURATION" --timeout 10s --script scripts/bench/loadtest.lua "$BASE" \
      -- "$work/$group.tsv" | grep '^loadtest:'
  done
fi
