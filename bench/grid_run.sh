#!/usr/bin/env bash
# Grid benchmark: the four-level responsibility network on top of the group bench/run.sh
# seeds (25 mines, 100,000 people, PostgreSQL). Times the mine-wide and group-wide
# coverage report and a month's task generation for every grid member, then drives
# 20 grid members (Party members covering workers) at their task list, the phone page
# /grid/ and GET /api/grid/tasks, served by gunicorn with DEBUG off (locust, headless,
# 127.0.0.1 only), and prints p50/p95/p99 per page.
#
#   bench/grid_run.sh                        timings, then 20 users for 60 s
#   bench/grid_run.sh --users 40 --time 120 --port 8779
#   bench/grid_run.sh --skip-timings         only the load test
#   bench/grid_run.sh --timings-only         only the timings
#   bench/grid_run.sh --reseed-grid          empty the grid tables and seed them again
#
# Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/tongxin_bench),
# BENCH_REDIS_URL (default redis://127.0.0.1:6379/14), BENCH_GUNICORN_CONF (default
# python:tongxin.gunicorn_conf, as bin/demo).
set -euo pipefail
cd "$(dirname "$0")/.."

users=20 duration=60 workers=$(( 2 * $(nproc) )) port=8765 spawn_rate=20
wait_min=0.5 wait_max=1.5 load=1 timings=1 runs=5 reseed=""
while [ $# -gt 0 ]; do
  case "$1" in
    --users) users=$2; shift ;;
    --time) duration=$2; shift ;;
    --workers) workers=$2; shift ;;
    --port) port=$2; shift ;;
    --spawn-rate) spawn_rate=$2; shift ;;
    --wait) wait_min=${2%-*}; wait_max=${2#*-}; shift ;;
    --runs) runs=$2; shift ;;
    --skip-timings) timings=0 ;;
    --timings-only) load=0 ;;
    --reseed-grid) reseed=--reset ;;
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
echo "==> the grid network of every branch, unless it is already there"
$py bench/grid_seed.py $reseed
$py manage.py shell -v 0 -c "from django.db import connection; connection.cursor().execute('ANALYZE')"

if [ $timings = 1 ]; then
  echo
  echo "==> timings (targets: coverage under 1 s, generation under 60 s)"
  $py bench/grid_timings.py --runs "$runs"
fi
[ $load = 1 ] || exit 0

# The load test reads this month's tasks: generate them if the timings did not (a
# second run adds nothing).
$py manage.py shell -v 0 -c "from tongxin.grid.services.tasks import generate_month; \
print(f'==> tasks of this month generated: {generate_month():,} added')"
$py manage.py collectstatic --noinput -v 0
$py bench/grid_seed.py --accounts "$out/grid_accounts.json"
echo "==> the pages answer (one request each, in-process):"
$py bench/grid_seed.py --probe "$out/grid_accounts.json"

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

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "==> locust: $users grid members (think time ${wait_min}-${wait_max} s) for ${duration} s"
rm -f "$out/grid_signin.json" "$out"/grid_run_*.csv
BENCH_GRID_ACCOUNTS="$out/grid_accounts.json" BENCH_SIGNIN_OUT="$out/grid_signin.json" \
  BENCH_WAIT_MIN=$wait_min BENCH_WAIT_MAX=$wait_max \
  timeout $(( duration + 60 )) .venv/bin/locust -f bench/grid_locustfile.py --headless \
  --host "http://127.0.0.1:$port" -u "$users" -r "$spawn_rate" -t "${duration}s" \
  --stop-timeout 5 --csv "$out/grid_run" --only-summary --loglevel WARNING \
  >"$out/grid_locust.log" 2>&1 \
  || echo "(locust exited with $?: failures recorded, see $out/grid_locust.log)"

echo
echo "Tongxin grid benchmark — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, gunicorn $workers workers"
echo "$users grid members, ${duration} s, think time ${wait_min}-${wait_max} s, database ${DATABASE_URL##*/}"
echo "$($py manage.py shell -v 0 -c "from tongxin.grid.models import GridLink, GridTask; print(f'{GridLink.objects.count():,} links, {GridTask.objects.count():,} tasks')"); load average before the run: $load_before"
echo "target (p95): a member's task list 100 ms"
$py bench/report.py "$out/grid_run_stats.csv" --signin "$out/grid_signin.json"
