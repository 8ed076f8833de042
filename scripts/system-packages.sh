#!/usr/bin/env bash
# The Debian packages the test suite needs: Chromium for browser tests, a CJK
# font so Chinese renders (in pages and in the health report's PDF), the PostgreSQL client. Installs them as root;
# otherwise names the exact command and fails, never skipping tests.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
# The health report's PDF embeds WenQuanYi Micro Hei (settings.HEALTH_PDF_FONT).
if ! { command -v fc-list >/dev/null 2>&1 && fc-list :lang=zh family | grep -q .; } \
  || [ ! -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]; then
  missing+=(fonts-wqy-microhei)
fi
command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)

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
