#!/usr/bin/env bash
# The Debian packages the test suite needs: Chromium for browser tests, a CJK
# font so Chinese renders, the PostgreSQL client, and Pango (with HarfBuzz's
# font subsetter) for WeasyPrint's PDFs of archived pages. Installs them as root;
# otherwise names the exact command and fails, never skipping tests.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if ! { command -v fc-list >/dev/null 2>&1 && fc-list :lang=zh family | grep -q .; }; then
  missing+=(fonts-wqy-microhei)
fi
command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
for library in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0; do
  dpkg-query -W -f='${Status}' "$library" 2>/dev/null | grep -q "install ok installed" || missing+=("$library")
done

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "The tests need system packages that are missing. Run:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
