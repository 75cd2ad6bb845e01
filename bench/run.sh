#!/usr/bin/env bash
# The benchmark: a group of 25 mines and 100,000 people on PostgreSQL, served the way
# production serves it (gunicorn, several workers, DEBUG off), driven by simulated staff
# (locust, headless) on 127.0.0.1 only. Prints req/s and p50/p95/p99 per page.
#
#   bench/run.sh                       20 users for 60 s against the default database
#   bench/run.sh --users 50 --time 120 --workers 4 --mix branch:1
#   bench/run.sh --reseed              drop and recreate the bench database, then seed
#
# Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/tongxin_bench),
# BENCH_REDIS_URL (default redis://127.0.0.1:6379/14; empty for none).
set -euo pipefail
cd "$(dirname "$0")/.."

users=20 duration=60 workers=$(( 2 * $(nproc) )) port=8765 spawn_rate=20
mines=25 people=100000 reseed=0 mix="branch:6,mine:3,group:1" wait_min=0.5 wait_max=1.5
while [ $# -gt 0 ]; do
  case "$1" in
    --users) users=$2; shift ;;
    --time) duration=$2; shift ;;
    --workers) workers=$2; shift ;;
    --port) port=$2; shift ;;
    --spawn-rate) spawn_rate=$2; shift ;;
    --mines) mines=$2; shift ;;
    --people) people=$2; shift ;;
    --mix) mix=$2; shift ;;
    --wait) wait_min=${2%-*}; wait_max=${2#*-}; shift ;;
    --reseed) reseed=1 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
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

if [ $reseed = 1 ]; then
  $py bench/createdb.py "$DATABASE_URL" --recreate
else
  $py bench/createdb.py "$DATABASE_URL"
fi
echo "==> migrating"
$py manage.py migrate --noinput -v 0
seed_args=(--mines "$mines" --people "$people" --bench-logins)
echo "==> seeding $people people in $mines mines, unless people are already there"
time $py manage.py seed_demo "${seed_args[@]}" --if-empty
$py manage.py collectstatic --noinput -v 0
echo "==> choosing accounts and search terms"
$py bench/accounts.py "$out/accounts.json" --expect-people "$people"
# Fresh planner statistics after a bulk load, as autovacuum would soon provide.
$py manage.py shell -c "from django.db import connection; connection.cursor().execute('ANALYZE')"

echo "==> starting gunicorn: $workers workers on 127.0.0.1:$port"
.venv/bin/gunicorn tongxin.wsgi -c python:tongxin.gunicorn_conf --bind "127.0.0.1:$port" --workers "$workers" \
  --access-logfile /dev/null --error-logfile "$out/gunicorn.log" --log-level warning &
gunicorn_pid=$!
trap 'kill $gunicorn_pid 2>/dev/null || true; wait $gunicorn_pid 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 60); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 $gunicorn_pid 2>/dev/null || { echo "gunicorn died, see $out/gunicorn.log" >&2; exit 1; }
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "==> locust: $users users (mix $mix, think time ${wait_min}-${wait_max} s) for ${duration} s"
rm -f "$out/signin.json" "$out"/run_*.csv
BENCH_ACCOUNTS="$out/accounts.json" BENCH_SIGNIN_OUT="$out/signin.json" BENCH_MIX="$mix" BENCH_WAIT_MIN=$wait_min BENCH_WAIT_MAX=$wait_max \
  timeout $(( duration + 60 )) .venv/bin/locust -f bench/locustfile.py --headless \
  --host "http://127.0.0.1:$port" -u "$users" -r "$spawn_rate" -t "${duration}s" \
  --stop-timeout 5 --csv "$out/run" --only-summary --loglevel WARNING >"$out/locust.log" 2>&1 \
  || echo "(locust exited with $?: failures recorded, see $out/locust.log)"

echo
echo "Tongxin benchmark — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, gunicorn $workers workers"
echo "$users users, ${duration} s, mix $mix, think time ${wait_min}-${wait_max} s, database ${DATABASE_URL##*/}"
echo "load average before the run: $load_before"
$py bench/report.py "$out/run_stats.csv" --signin "$out/signin.json"
