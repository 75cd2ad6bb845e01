#!/usr/bin/env bash
# Hazards benchmark: two million hazards on top of the group bench/run.sh seeds
# (25 mines, 100,000 people, PostgreSQL), served by gunicorn with DEBUG off, driven by
# mine officers at their mine's open-hazard board and district officers at their
# district's statistics (locust, headless, 127.0.0.1 only). Prints p50/p95/p99 per page,
# then times the ledger export of one mine's year (in-process and over HTTP) with its
# peak memory.
#
#   bench/hazards_run.sh                       20 users, 60 s, 2,000,000 hazards
#   bench/hazards_run.sh --users 40 --time 120 --mix mine:1,district:2
#   bench/hazards_run.sh --skip-export         only the load test
#   bench/hazards_run.sh --export-only         only the export
#
# Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/tongxin_bench),
# BENCH_REDIS_URL (default redis://127.0.0.1:6379/14), BENCH_GUNICORN_CONF (default
# python:tongxin.gunicorn_conf, as bin/demo).
set -euo pipefail
cd "$(dirname "$0")/.."

users=20 duration=60 workers=$(( 2 * $(nproc) )) port=8765 spawn_rate=20 hazards=2000000
mix="mine:1,district:1" wait_min=0.5 wait_max=1.5 load=1 export=1
while [ $# -gt 0 ]; do
  case "$1" in
    --users) users=$2; shift ;;
    --time) duration=$2; shift ;;
    --workers) workers=$2; shift ;;
    --port) port=$2; shift ;;
    --spawn-rate) spawn_rate=$2; shift ;;
    --hazards) hazards=$2; shift ;;
    --mix) mix=$2; shift ;;
    --wait) wait_min=${2%-*}; wait_max=${2#*-}; shift ;;
    --skip-export) export=0 ;;
    --export-only) load=0 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

py=.venv/bin/python
out=var/bench
mkdir -p "$out"
export DATABASE_URL="${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/tongxin_bench}"
export REDIS_URL="${BENCH_REDIS_URL-redis://127.0.0.1:6379/14}"
export HUEY_NAME=tongxin-bench CACHE_KEY_PREFIX=tongxin-bench
export DEBUG=false ALLOWED_HOSTS=127.0.0.1,localhost STATIC_ROOT="$out/static"
export SECRET_KEY="${SECRET_KEY:-bench-$(head -c 24 /dev/urandom | base64 | tr -d '/+=')}"

$py bench/createdb.py "$DATABASE_URL"
$py manage.py migrate --noinput -v 0
echo "==> seeding the group in ${DATABASE_URL##*/}, unless people are already there"
$py manage.py seed_demo --mines 25 --people 100000 --bench-logins --if-empty \
  | grep -E "已生成|跳过" || true
echo "==> bringing ${DATABASE_URL##*/} up to $hazards hazards"
$py bench/hazards_seed.py --hazards "$hazards"
$py manage.py shell -v 0 -c "from django.db import connection; connection.cursor().execute('ANALYZE')"
$py manage.py collectstatic --noinput -v 0
$py bench/hazards_seed.py --accounts "$out/hazards_accounts.json"
echo "==> the pages answer (one request each, in-process):"
$py bench/hazards_seed.py --probe "$out/hazards_accounts.json"

echo "==> starting gunicorn: $workers workers on 127.0.0.1:$port"
.venv/bin/gunicorn tongxin.wsgi -c "${BENCH_GUNICORN_CONF:-python:tongxin.gunicorn_conf}" \
  --bind "127.0.0.1:$port" --workers "$workers" --timeout 300 \
  --access-logfile /dev/null --error-logfile "$out/gunicorn.log" --log-level warning &
gunicorn_pid=$!
trap 'kill $gunicorn_pid 2>/dev/null || true; wait $gunicorn_pid 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 60); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 $gunicorn_pid 2>/dev/null || { echo "gunicorn died, see $out/gunicorn.log" >&2; exit 1; }
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null

if [ $load = 1 ]; then
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  echo "==> locust: $users users (mix $mix, think time ${wait_min}-${wait_max} s) for ${duration} s"
  rm -f "$out/hazards_signin.json" "$out"/hazards_run_*.csv
  BENCH_HAZARDS_ACCOUNTS="$out/hazards_accounts.json" BENCH_SIGNIN_OUT="$out/hazards_signin.json" \
    BENCH_HAZARDS_MIX="$mix" BENCH_WAIT_MIN=$wait_min BENCH_WAIT_MAX=$wait_max \
    timeout $(( duration + 60 )) .venv/bin/locust -f bench/hazards_locustfile.py --headless \
    --host "http://127.0.0.1:$port" -u "$users" -r "$spawn_rate" -t "${duration}s" \
    --stop-timeout 5 --csv "$out/hazards_run" --only-summary --loglevel WARNING \
    >"$out/hazards_locust.log" 2>&1 \
    || echo "(locust exited with $?: failures recorded, see $out/hazards_locust.log)"

  echo
  echo "Tongxin hazards benchmark — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, gunicorn $workers workers"
  echo "$users users, ${duration} s, mix $mix, think time ${wait_min}-${wait_max} s, database ${DATABASE_URL##*/}"
  echo "$($py manage.py shell -v 0 -c "from tongxin.hazards.models import Hazard; print(f'{Hazard.objects.count():,}')") hazards; load average before the run: $load_before"
  echo "targets (p95): board of a mine 150 ms, statistics of a district 300 ms"
  $py bench/report.py "$out/hazards_run_stats.csv" --signin "$out/hazards_signin.json"
fi

if [ $export = 1 ]; then
  echo
  $py bench/hazards_seed.py --export "$out/hazards_accounts.json" \
    --export-host "http://127.0.0.1:$port" --gunicorn-pid "$gunicorn_pid"
fi
