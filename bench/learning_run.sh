#!/usr/bin/env bash
# Learning benchmark (issue #15): 200,000 people in 50 mines with a year of study
# (about 20,000,000 study days and point events together) and a year of 三会一课 for
# every branch, on PostgreSQL, served by gunicorn with DEBUG off. Branch secretaries
# open their branch's study desk and the month's branch ranking, mine officers the
# mine's missed meetings and the month's mine ranking (locust, headless, 127.0.0.1
# only); prints p50/p95/p99 per page. Then, with --contest, 1,000 people start, answer
# and submit a 20-question contest over HTTP against the same gunicorn
# (bench/contest_start.py --url).
#
#   bench/learning_run.sh                       20 users, 60 s, think time 0.5-1.5 s
#   bench/learning_run.sh --wait 0-0            no think time
#   bench/learning_run.sh --contest             then the contest start storm
#   bench/learning_run.sh --contest-only        only the contest
#   bench/learning_run.sh --users 40 --time 120 --mix secretary:1,mine:2 --port 8790
#
# Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/tongxin_bench_learning),
# BENCH_REDIS_URL (default redis://127.0.0.1:6379/14), BENCH_GUNICORN_CONF (default
# python:tongxin.gunicorn_conf, as bin/demo).
set -euo pipefail
cd "$(dirname "$0")/.."

users=20 duration=60 workers=$(( 2 * $(nproc) )) port=8765 spawn_rate=20 events=20000000
mix="secretary:1,mine:1" wait_min=0.5 wait_max=1.5 load=1 contest=0 contest_people=1000
contest_threads=20
while [ $# -gt 0 ]; do
  case "$1" in
    --users) users=$2; shift ;;
    --time) duration=$2; shift ;;
    --workers) workers=$2; shift ;;
    --port) port=$2; shift ;;
    --spawn-rate) spawn_rate=$2; shift ;;
    --events) events=$2; shift ;;
    --mix) mix=$2; shift ;;
    --wait) wait_min=${2%-*}; wait_max=${2#*-}; shift ;;
    --contest) contest=1 ;;
    --contest-only) contest=1; load=0 ;;
    --contest-people) contest_people=$2; shift ;;
    --contest-threads) contest_threads=$2; shift ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

py=.venv/bin/python
out=var/bench
mkdir -p "$out"
export DATABASE_URL="${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/tongxin_bench_learning}"
export REDIS_URL="${BENCH_REDIS_URL-redis://127.0.0.1:6379/14}"
export HUEY_NAME=tongxin-bench CACHE_KEY_PREFIX=tongxin-bench
export DEBUG=false ALLOWED_HOSTS=127.0.0.1,localhost STATIC_ROOT="$out/static"
export SECRET_KEY="${SECRET_KEY:-bench-$(head -c 24 /dev/urandom | base64 | tr -d '/+=')}"

$py bench/createdb.py "$DATABASE_URL"
$py manage.py migrate --noinput -v 0
echo "==> seeding the group in ${DATABASE_URL##*/}, unless people are already there"
$py manage.py seed_demo --mines 50 --people 200000 --bench-logins --if-empty \
  | grep -E "已生成|跳过" || true
echo "==> bringing ${DATABASE_URL##*/} up to about $events study days and point events"
$py bench/learning_seed.py --events "$events"
$py manage.py collectstatic --noinput -v 0
$py bench/learning_seed.py --accounts "$out/learning_accounts.json"
echo "==> the pages answer (one request each, in-process, the second of two):"
$py bench/learning_seed.py --probe "$out/learning_accounts.json"

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
  rm -f "$out/learning_signin.json" "$out"/learning_run_*.csv
  BENCH_LEARNING_ACCOUNTS="$out/learning_accounts.json" BENCH_SIGNIN_OUT="$out/learning_signin.json" \
    BENCH_LEARNING_MIX="$mix" BENCH_WAIT_MIN=$wait_min BENCH_WAIT_MAX=$wait_max \
    timeout $(( duration + 60 )) .venv/bin/locust -f bench/learning_locustfile.py --headless \
    --host "http://127.0.0.1:$port" -u "$users" -r "$spawn_rate" -t "${duration}s" \
    --stop-timeout 5 --csv "$out/learning_run" --only-summary --loglevel WARNING \
    >"$out/learning_locust.log" 2>&1 \
    || echo "(locust exited with $?: failures recorded, see $out/learning_locust.log)"

  echo
  echo "Tongxin learning benchmark — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, gunicorn $workers workers"
  echo "$users users, ${duration} s, mix $mix, think time ${wait_min}-${wait_max} s, database ${DATABASE_URL##*/}"
  $py manage.py shell -v 0 -c "
from tongxin.learning.models import StudyDay, PointEvent, PointDay, Meeting
from tongxin.people.models import Person
print(f'{Person.objects.count():,} people, {StudyDay.objects.count():,} study days, '
      f'{PointEvent.objects.count():,} point events, {PointDay.objects.count():,} point days, '
      f'{Meeting.objects.count():,} meetings')"
  echo "load average before the run: $load_before; target p95 150 ms for each page"
  $py bench/report.py "$out/learning_run_stats.csv" --signin "$out/learning_signin.json"
fi

if [ $contest = 1 ]; then
  echo
  echo "==> contest: $contest_people people start, answer 20 questions and submit, $contest_threads threads, over HTTP"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  $py bench/contest_start.py --people "$contest_people" --threads "$contest_threads" \
    --url "http://127.0.0.1:$port"
fi
