#!/usr/bin/env bash
# The Debian packages the portal needs beside Python.
#   runtime: a CJK font (pages, the health report's PDF, archived pages' PDFs)
#            and Pango with HarfBuzz's subsetter (WeasyPrint, for archive PDFs).
#   test:    runtime, plus Chromium for browser tests, the PostgreSQL client and
#            libfaketime (scripts/shifted-clocks.sh), and nginx (the published tree
#            is read through it).
# As root they are installed. Otherwise the exact apt-get line is printed; for
# `test` that is a failure (tests are never skipped), for `runtime` a warning
# (the site runs; PDF downloads say what is missing).
set -euo pipefail
mode=${1:-test}

missing=()
# The health report's PDF embeds WenQuanYi Micro Hei (settings.HEALTH_PDF_FONT).
if ! { command -v fc-list >/dev/null 2>&1 && fc-list :lang=zh family | grep -q .; } \
  || [ ! -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]; then
  missing+=(fonts-wqy-microhei)
fi
for library in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0; do
  dpkg-query -W -f='${Status}' "$library" 2>/dev/null | grep -q "install ok installed" || missing+=("$library")
done
if [ "$mode" = test ]; then
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
  command -v faketime >/dev/null 2>&1 || missing+=(faketime)
  # The published tree is read through a real nginx (tests/nginx.py).
  [ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || missing+=(nginx-light)
fi

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
elif [ "$mode" = test ]; then
  echo "The tests need system packages that are missing. Run:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
  exit 1
else
  echo "Warning: PDF downloads need system packages that are missing. Run:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
fi
