#!/usr/bin/env bash
# Runs the test suite three times, one after another, to show that no test
# depends on the date it runs on. Each run shifts two clocks (Beijing time):
#   the wall clock, with libfaketime (Debian package faketime): everything
#     outside the tests' own time travel (subprocesses, file times, Chromium,
#     session-scoped fixtures) sees it;
#   the instant every test starts at (PORTAL_TEST_NOW, read by the autouse
#     fixture in tests/conftest.py), a different one of the three.
# The instants: just after midnight on New Year's Day, a leap day, and half an
# hour before the year ends.
#   scripts/shifted-clocks.sh [pytest arguments]   e.g. -m "not browser"
# SQLite only (DATABASE_URL is cleared). Exit status: 0 when every run passed.
set -uo pipefail
cd "$(dirname "$0")/.."

CLOCKS=("2027-01-01 00:30:00" "2028-02-29 12:00:00" "2026-12-31 23:30:00")

if ! command -v faketime >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq faketime >/dev/null
  else
    echo "libfaketime is missing. Run:  sudo apt-get install -y faketime" >&2
    exit 1
  fi
fi

PYTEST=${PYTEST:-.venv/bin/pytest}
.venv/bin/python manage.py collectstatic --noinput -v0 --settings=portal.settings.test

status=0
summary=()
for i in "${!CLOCKS[@]}"; do
  wall=${CLOCKS[$i]}
  start=${CLOCKS[$(((i + 1) % ${#CLOCKS[@]}))]}
  # An offset from the real clock, so the wall clock keeps running.
  offset=$(($(TZ=Asia/Shanghai date -d "$wall" +%s) - $(date +%s)))
  [ "$offset" -lt 0 ] || offset="+$offset"
  echo "== wall clock $wall, tests start at $start (Asia/Shanghai) =="
  log=$(mktemp)
  # The monotonic clock stays real (faked, lock timeouts never end); then
  # time.sleep() needs the stand-in in scripts/faketime-python.
  env -u DATABASE_URL PORTAL_TEST_NOW="$start" FAKETIME_DONT_FAKE_MONOTONIC=1 \
    PYTHONPATH="$PWD/scripts/faketime-python${PYTHONPATH:+:$PYTHONPATH}" \
    faketime -f "$offset" "$PYTEST" -q -p no:cacheprovider "$@" 2>&1 | tee "$log" | grep -E "^(FAILED|ERROR) "
  code=${PIPESTATUS[0]}
  line=$(grep -E "[0-9]+ (passed|failed|error)" "$log" | tail -n 1)
  rm -f "$log"
  echo "$line"
  summary+=("wall $wall, start $start: ${line:-no result (exit $code)}")
  [ "$code" -eq 0 ] || status=1
done

echo
echo "== summary =="
printf '%s\n' "${summary[@]}"
exit $status
