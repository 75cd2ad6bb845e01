#!/usr/bin/env bash
# Worker-voice benchmark: a million cases on top of the group bench/run.sh seeds
# (25 mines, 100,000 people, PostgreSQL), served by gunicorn with DEBUG off, driven by
# officers working their inbox and workers following and raising cases (locust,
# headless, 127.0.0.1 only). Prints p50/p95/p99 per page, and first the queries per
# page at 1,000 and at 1,000,000 cases.
#
#   bench/voice_run.sh                        20 users, 60 s, 1,000,000 cases
#   bench/voice_run.sh --users 40 --time 120 --mix officer:1,worker:2
#   bench/voice_run.sh --skip-queries         only the load test
#   bench/voice_run.sh --queries-only         only the query counts
#
# Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/tongxin_bench),
# BENCH_VOICE_SMALL_URL (the 1,000-case database for the query counts, default
# .../tongxin_bench_voice1k), BENCH_REDIS_URL (default redis://127.0.0.1:6379/14),
# BENCH_GUNICORN_CONF (default python:tongxin.gunicorn_conf, as bin/demo).
set -euo pipefail
cd "$(dirname "$0")/.."

users=20 duration=60 workers=$(( 2 * $(nproc) )) port=8765 spawn_rate=20 cases=1000000
mix="officer:1,worker:1" wait_min=0.5 wait_max=1.5 queries=1 load=1
while [ $# -gt 0 ]; do
  case "$1" in
    --users) users=$2; shift ;;
    --time) duration=$2; shift ;;
    --workers) workers=$2; shift ;;
    --port) port=$2; shift ;;
    --spawn-rate) spawn_rate=$2; shift ;;
    --cases) cases=$2; shift ;;
    --mix) mix=$2; shift ;;
    --wait) wait_min=${2%-*}; wait_max=${2#*-}; shift ;;
    --skip-queries) queries=0 ;;
    --queries-only) load=0 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

py=.venv/bin/python
out=var/bench
mkdir -p "$out"
big_url="${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/tongxin_bench}"
small_url="${BENCH_VOICE_SMALL_URL:-${big_url%/*}/tongxin_bench_voice1k}"
export REDIS_URL="${BENCH_REDIS_URL-redis://127.0.0.1:6379/14}"
export HUEY_NAME=tongxin-bench CACHE_KEY_PREFIX=tongxin-bench
export DEBUG=false ALLOWED_HOSTS=127.0.0.1,localhost STATIC_ROOT="$out/static"
export SECRET_KEY="${SECRET_KEY:-bench-$(head -c 24 /dev/urandom | base64 | tr -d '/+=')}"
seed_args=(--mines 25 --people 100000 --bench-logins --if-empty)

prepare() {  # database URL, number of cases
  export DATABASE_URL=$1
  $py bench/createdb.py "$DATABASE_URL"
  $py manage.py migrate --noinput -v 0
  echo "==> seeding the group in ${DATABASE_URL##*/}, unless people are already there"
  $py manage.py seed_demo "${seed_args[@]}" | grep -E "已生成|跳过|职工诉求" || true
  echo "==> bringing ${DATABASE_URL##*/} up to $2 cases"
  $py bench/voice_seed.py --cases "$2"
  $py manage.py shell -v 0 -c "from django.db import connection; connection.cursor().execute('ANALYZE')"
}

if [ $queries = 1 ]; then
  prepare "$small_url" 1000
  DATABASE_URL=$small_url $py bench/voice_queries.py --out "$out/voice_queries_small.json"
fi
prepare "$big_url" "$cases"
if [ $queries = 1 ]; then
  DATABASE_URL=$big_url $py bench/voice_queries.py --out "$out/voice_queries_big.json"
  echo
  echo "Queries per page (django test client, CaptureQueriesContext):"
  $py bench/voice_queries.py --compare "$out/voice_queries_small.json" "$out/voice_queries_big.json" \
    || echo "!!! the number of queries differs between the two sizes"
fi
[ $load = 1 ] || exit 0

export DATABASE_URL=$big_url
$py manage.py collectstatic --noinput -v 0
$py bench/voice_seed.py --accounts "$out/voice_accounts.json"

echo "==> starting gunicorn: $workers workers on 127.0.0.1:$port"
.venv/bin/gunicorn tongxin.wsgi -c "${BENCH_GUNICORN_CONF:-python:tongxin.gunicorn_conf}" \
  --bind "127.0.0.1:$port" --workers "$workers" \
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
rm -f "$out/voice_signin.json" "$out"/voice_run_*.csv
BENCH_VOICE_ACCOUNTS="$out/voice_accounts.json" BENCH_SIGNIN_OUT="$out/voice_signin.json" \
  BENCH_VOICE_MIX="$mix" BENCH_WAIT_MIN=$wait_min BENCH_WAIT_MAX=$wait_max \
  timeout $(( duration + 60 )) .venv/bin/locust -f bench/voice_locustfile.py --headless \
  --host "http://127.0.0.1:$port" -u "$users" -r "$spawn_rate" -t "${duration}s" \
  --stop-timeout 5 --csv "$out/voice_run" --only-summary --loglevel WARNING >"$out/voice_locust.log" 2>&1 \
  || echo "(locust exited with $?: failures recorded, see $out/voice_locust.log)"

echo
echo "Tongxin worker-voice benchmark — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, gunicorn $workers workers"
echo "$users users, ${duration} s, mix $mix, think time ${wait_min}-${wait_max} s, database ${DATABASE_URL##*/}"
echo "$($py manage.py shell -v 0 -c "from tongxin.voice.models import Case; print(f'{Case.objects.count():,}')") cases; load average before the run: $load_before"
echo "targets (p95): inbox unit+state 150 ms, my cases 100 ms, submit (POST) 100 ms"
$py bench/report.py "$out/voice_run_stats.csv" --signin "$out/voice_signin.json" --target-ms 100
