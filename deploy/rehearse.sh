#!/usr/bin/env bash
# Deployment rehearsal (.ci/run calls it after the tests): docs/deployment.md
# (the production guide) followed on this machine (Debian 12, as root), reading the same
# files the guide tells an administrator to copy (deploy/portal.env.example,
# deploy/systemd/*.service, deploy/nginx/portal.conf and its snippets in
# /etc/nginx/snippets/, the package list of step 1), then checked from
# outside over HTTPS: among others, that published pages come from the tree
# (docs/publishing.md) and stay readable with gunicorn stopped. Any failing
# step fails it.
#
# What differs from a real server, and only this: host name "localhost", a
# self-signed certificate where certbot would put its own, loopback ports that
# clash with nothing (nginx 127.0.0.1:8080/8443, gunicorn 127.0.0.1:18000,
# PostgreSQL cluster "portal_rehearsal" on port 55434 with no TCP listener,
# Redis 127.0.0.1:16379), and the units are started the way systemd would
# start them (user, group, working directory, environment, umask), since CI
# machines run no systemd. Everything started here is stopped at the end
# (REHEARSAL_KEEP=1 leaves it running); the installed files stay, and a
# second run starts over from a new database.
set -euo pipefail

SOURCE=$(cd "$(dirname "$0")/.." && pwd)
PREFIX=${REHEARSAL_PREFIX:-/srv/portal}
HOST=localhost
HTTP_PORT=8080
HTTPS_PORT=8443
APP_PORT=18000
PG_PORT=55434
REDIS_PORT=16379
CLUSTER=portal_rehearsal
ENV_FILE=/etc/portal/portal.env
RUN=/run/portal-rehearsal
ADMIN_PATH=manage-rehearsal/
CERT_DIR=/etc/letsencrypt/live/$HOST
export DEBIAN_FRONTEND=noninteractive PGPORT=$PG_PORT

step() { echo "== rehearsal: $*"; }
fail() { echo "!! rehearsal failed: $*" >&2; exit 1; }
mkdir -p "$RUN"
chmod 755 "$RUN"

# Stop what an earlier run left behind (our own pid files only).
stop_started() {
  local pid
  for name in portal portal-worker redis; do
    if [ -f "$RUN/$name.pid" ]; then
      pid=$(cat "$RUN/$name.pid")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 45); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
      rm -f "$RUN/$name.pid"
    fi
  done
  if [ -f "$RUN/nginx.pid" ]; then
    kill -QUIT "$(cat "$RUN/nginx.pid")" 2>/dev/null || true
    rm -f "$RUN/nginx.pid"
  fi
  if command -v pg_ctlcluster >/dev/null && pg_lsclusters -h 2>/dev/null | awk '{print $2}' | grep -qx "$CLUSTER"; then
    pg_ctlcluster "$(pg_lsclusters -h | awk -v c="$CLUSTER" '$2 == c {print $1}')" "$CLUSTER" stop 2>/dev/null || true
  fi
}
stop_started
on_exit() {
  status=$?
  if [ "$status" -ne 0 ]; then
    for log in "$RUN"/*.log; do
      [ -f "$log" ] && { echo "--- $log (last lines)"; tail -n 30 "$log"; }
    done
  fi
  [ "${REHEARSAL_KEEP:-0}" = 1 ] || stop_started
  [ -n "${policy_added:-}" ] && rm -f /usr/sbin/policy-rc.d
  exit "$status"
}
trap on_exit EXIT

# --- Step 1: packages, exactly the guide's list ------------------------------
packages=$(sed -n 's/^ *apt-get install -y \(python3 .*\)$/\1/p' "$SOURCE/docs/deployment.md" | head -n 1)
[ -n "$packages" ] || fail "docs/deployment.md step 1 names no packages"
step "1. packages: $packages"
missing=$(for p in $packages; do dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q "ok installed" || echo "$p"; done)
if [ -n "$missing" ]; then
  # Installing must not start Debian's own nginx (all interfaces, port 80) or
  # Redis here: the rehearsal starts its own, on loopback.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d && policy_added=1
  fi
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq $packages >/dev/null
fi
nginx -v 2>&1 | sed 's/^/   /'

# --- Step 2: database ----------------------------------------------------------
step "2. PostgreSQL cluster $CLUSTER (C.UTF-8) on port $PG_PORT, socket only"
pg_version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | awk '{print $2}' | grep -qx "$CLUSTER"; then
  pg_createcluster --locale=C.UTF-8 -e UTF8 -p "$PG_PORT" "$pg_version" "$CLUSTER" >/dev/null
  echo "listen_addresses = ''" >> "/etc/postgresql/$pg_version/$CLUSTER/postgresql.conf"
fi
pg_ctlcluster "$pg_version" "$CLUSTER" start
su postgres -c "dropdb --if-exists portal"
su postgres -c "psql -Atqc \"SELECT 1 FROM pg_roles WHERE rolname = 'portal'\"" | grep -q 1 || su postgres -c "createuser portal"
su postgres -c "createdb -O portal -E UTF8 --locale=C.UTF-8 -T template0 portal"

# --- Step 3: code and user -----------------------------------------------------
step "3. code in $PREFIX, user portal"
id portal >/dev/null 2>&1 || useradd --system --home "$PREFIX" --shell /usr/sbin/nologin portal
if [ -d "$PREFIX/.git" ]; then
  git -C "$PREFIX" fetch -q "$SOURCE" HEAD
  git -C "$PREFIX" reset -q --hard FETCH_HEAD
else
  git clone -q "$SOURCE" "$PREFIX"
fi
cd "$PREFIX"
# Debian's python3 (the one step 1 installs), whatever else PATH may find first.
[ "$(readlink -f .venv/bin/python)" = "$(readlink -f /usr/bin/python3)" ] || { rm -rf .venv; /usr/bin/python3 -m venv .venv; }
.venv/bin/pip install -q --disable-pip-version-check -r requirements.txt 2> >(grep -v "^WARNING: Location" >&2)
mkdir -p var/media var/private var/backups var/publish && chown -R portal:portal var
chmod 750 var/private var/backups

# --- Step 4: settings, from the example file the guide copies ------------------
step "4. settings in $ENV_FILE"
install -d -m 750 -o root -g portal /etc/portal
secret=$(python3 -c 'import secrets; print(secrets.token_urlsafe(64))')
{
  sed -e "s|^SECRET_KEY=.*|SECRET_KEY=$secret|" \
      -e "s|^ADMIN_URL=.*|ADMIN_URL=$ADMIN_PATH|" \
      -e "s|www.example.gov.cn|$HOST|g" \
      -e "s|/srv/portal|$PREFIX|g" deploy/portal.env.example
  echo "# Rehearsal only: loopback ports that clash with nothing on a CI machine."
  echo "CSRF_TRUSTED_ORIGINS=https://$HOST:$HTTPS_PORT"
  echo "CACHE_URL=redis://127.0.0.1:$REDIS_PORT/1"
  echo "GUNICORN_BIND=127.0.0.1:$APP_PORT"
  echo "GUNICORN_WORKERS=2"
  echo "PGPORT=$PG_PORT"
} > "$ENV_FILE.new"
grep -v '^#' "$ENV_FILE.new" | grep -q '<' && fail "a placeholder is left in $ENV_FILE"
chown root:portal "$ENV_FILE.new" && chmod 640 "$ENV_FILE.new" && mv "$ENV_FILE.new" "$ENV_FILE"

step "   Redis on 127.0.0.1:$REDIS_PORT"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no \
  --daemonize yes --pidfile "$RUN/redis.pid" --logfile "$RUN/redis.log"

# --- Step 5: database and static files -----------------------------------------
step "5. check --deploy, migrate, collectstatic, superuser, publish_site"
set -a; . "$ENV_FILE"; set +a
export DJANGO_SETTINGS_MODULE=portal.settings.production
as_portal() { runuser -u portal -- "$@"; }
as_portal .venv/bin/python manage.py check --deploy --fail-level WARNING
as_portal .venv/bin/python manage.py migrate --noinput -v 0
.venv/bin/python manage.py collectstatic --noinput -v 0
# The guide's createsuperuser and two_factor_link, without a terminal or a
# phone: a superuser with a confirmed authenticator whose key we keep.
password="Rehearsal-$(python3 -c 'import secrets; print(secrets.token_hex(8))')"
DJANGO_SUPERUSER_PASSWORD=$password as_portal .venv/bin/python manage.py createsuperuser --noinput --username chief --email chief@example.gov.cn
totp_key=$(as_portal .venv/bin/python manage.py shell -v 0 -c "
from django.contrib.auth.models import User
from django_otp.plugins.otp_totp.models import TOTPDevice
print(TOTPDevice.objects.create(user=User.objects.get(username='chief'), name='rehearsal', confirmed=True).key)")
as_portal .venv/bin/python manage.py load_demo >/dev/null
as_portal .venv/bin/python manage.py rebuild_search_index -v 0
# The guide's publish_site after migrate (here after the demo content, as on
# an upgrade of a site that has articles): the whole published tree.
as_portal .venv/bin/python manage.py publish_site | sed 's/^/   /'
# An article of the site that answers $HOST (the default site: the demo's
# banner portal), and that site's folder of the published tree.
read -r article site_key < <(as_portal .venv/bin/python manage.py shell -v 0 -c "
from news.models import Article, Site
site = Site.objects.default()
article = Article.objects.filter(status='published', column__site=site).order_by('pk').first()
print(article.get_absolute_url(), site.key)")

# --- Step 6: the systemd units ----------------------------------------------------
units="$RUN/units"
rm -rf "$units" && mkdir -p "$units"
for unit in deploy/systemd/*; do sed "s|/srv/portal|$PREFIX|g" "$unit" > "$units/$(basename "$unit")"; done
if command -v systemd-analyze >/dev/null; then
  step "6. systemd-analyze verify"
  # Units it refers to that a CI machine lacks (postgresql.service) are only named.
  systemd-analyze verify --man=no "$units"/*.service "$units"/*.timer > "$RUN/verify.raw" 2>&1 || true
  grep -v -e 'postgresql.service' -e 'network-online.target' -e 'Failed to connect to bus' "$RUN/verify.raw" > "$RUN/verify.log" || true
  if [ -s "$RUN/verify.log" ]; then cat "$RUN/verify.log"; fail "systemd-analyze verify"; fi
fi

unit_values() { sed -n "s/^$2=//p" "$1"; }
# Run a unit's ExecStart the way systemd would: as its User and Group, in its
# WorkingDirectory, with only its EnvironmentFile and Environment, its UMask.
unit_exec() {
  local file=$1 command=$2 environment=() line
  while IFS= read -r line; do
    case "$line" in ''|'#'*) continue ;; esac
    environment+=("$line")
  done < <(unit_values "$file" EnvironmentFile | sed 's/^-//' | xargs cat)
  while IFS= read -r line; do environment+=("$line"); done < <(unit_values "$file" Environment)
  local user group directory mask
  user=$(unit_values "$file" User); group=$(unit_values "$file" Group)
  directory=$(unit_values "$file" WorkingDirectory); mask=$(unit_values "$file" UMask)
  read -ra argv <<< "$command"
  # exec: a caller running it in the background gets the service's own pid;
  # one waiting for it runs it in a subshell, ( unit_exec … ).
  cd "$directory" && umask "${mask:-0022}" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 \
    "${environment[@]}" setpriv --reuid="$user" --regid="$group" --init-groups -- "${argv[@]}"
}
for port in "$APP_PORT" "$HTTP_PORT" "$HTTPS_PORT"; do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && fail "port $port is taken by something else"
done
for service in "$units"/*.service; do
  name=$(basename "$service" .service)
  if [ "$(unit_values "$service" Type)" = oneshot ]; then continue; fi
  # systemd runs ExecStartPre to its end first (portal-worker: tasks_schedule).
  while IFS= read -r pre; do
    step "6. $name ExecStartPre: $pre"
    ( unit_exec "$service" "$pre" ) >>"$RUN/$name.log" 2>&1 || fail "$name ExecStartPre: $pre"
  done < <(unit_values "$service" ExecStartPre)
  step "6. starting $name as the unit does: $(unit_values "$service" ExecStart)"
  unit_exec "$service" "$(unit_values "$service" ExecStart)" >"$RUN/$name.log" 2>&1 &
  echo $! > "$RUN/$name.pid"
done
for _ in $(seq 60); do
  curl -sf -o /dev/null "http://127.0.0.1:$APP_PORT/healthz" -H "Host: $HOST" -H "X-Forwarded-Proto: https" && break
  sleep 1
done
curl -sf "http://127.0.0.1:$APP_PORT/healthz" -H "Host: $HOST" -H "X-Forwarded-Proto: https" >/dev/null || fail "gunicorn does not answer /healthz"

# --- Step 7: nginx and HTTPS -------------------------------------------------------
step "7. self-signed certificate where certbot puts its own, the nginx snippets, the shipped nginx site"
# The guide's snippets, where it installs them.
install -m 644 deploy/nginx/portal-maps.conf deploy/nginx/portal-pages.conf deploy/nginx/portal-headers.conf /etc/nginx/snippets/
# The host name -> site map publish_site wrote (step 5), where the snippets include it.
[ -f "$PREFIX/var/publish/_nginx/sites.map" ] || fail "publish_site wrote no nginx site map"
ln -sfn "$PREFIX/var/publish/_nginx/sites.map" /etc/nginx/portal-sites.map
mkdir -p "$CERT_DIR"
openssl req -x509 -newkey rsa:2048 -nodes -days 7 -subj "/CN=$HOST" -addext "subjectAltName=DNS:$HOST" \
  -keyout "$CERT_DIR/privkey.pem" -out "$CERT_DIR/fullchain.pem" 2>/dev/null
# The guide's one substitution (the host name; the install path when it is
# not /srv/portal), then the rehearsal's loopback ports.
sed -e "s/www.example.gov.cn/$HOST/g" -e "s|/srv/portal|$PREFIX|g" \
    -e "s/listen 80;/listen 127.0.0.1:$HTTP_PORT;/" -e "s/listen 443 ssl/listen 127.0.0.1:$HTTPS_PORT ssl/" \
    -e '/listen \[::\]/d' -e "s/127.0.0.1:8000/127.0.0.1:$APP_PORT/" deploy/nginx/portal.conf > "$RUN/portal.nginx"
# Debian's own nginx.conf, with this site as its only site and its own pid and logs.
# nginx -c reads relative includes (portal.conf's snippets/…) beside that
# file: there, snippets/ is /etc/nginx/snippets, as on a server.
ln -sfn /etc/nginx/snippets "$RUN/snippets"
ln -sfn /etc/nginx/portal-sites.map "$RUN/portal-sites.map"
sed -e "s|^pid .*|pid $RUN/nginx.pid;|" -e "s|include /etc/nginx/sites-enabled/\*;|include $RUN/portal.nginx;|" \
    -e "s|/var/log/nginx/access.log|$RUN/nginx-access.log|" -e "s|/var/log/nginx/error.log|$RUN/nginx-error.log|" \
    /etc/nginx/nginx.conf > "$RUN/nginx.conf"
grep -q "include $RUN/portal.nginx;" "$RUN/nginx.conf" || fail "/etc/nginx/nginx.conf does not include sites-enabled"
nginx -t -q -c "$RUN/nginx.conf" -e "$RUN/nginx-error.log" || fail "nginx -t"
nginx -c "$RUN/nginx.conf" -e "$RUN/nginx-error.log"

# --- Checks from outside -------------------------------------------------------------
step "checks over HTTPS"
https() { curl -sS --max-time 20 --cacert "$CERT_DIR/fullchain.pem" --resolve "$HOST:$HTTPS_PORT:127.0.0.1" "$@"; }
expect_page() {  # URL: 200 with HSTS and CSP
  local headers
  headers=$(https -o /dev/null -D - "https://$HOST:$HTTPS_PORT$1")
  grep -q '^HTTP/[0-9.]* 200' <<< "$headers" || fail "$1: $(head -n 1 <<< "$headers")"
  grep -qi '^strict-transport-security: max-age=[1-9]' <<< "$headers" || fail "$1: no HSTS header"
  grep -qi '^content-security-policy: ' <<< "$headers" || fail "$1: no Content-Security-Policy header"
  echo "   200 + HSTS + CSP  https://$HOST:$HTTPS_PORT$1"
}
expect_page /
expect_page "$article"
liveness=$(https -D "$RUN/healthz.headers" "https://$HOST:$HTTPS_PORT/healthz")
grep -q '^HTTP/[0-9.]* 200' "$RUN/healthz.headers" && grep -q '"ok"' <<< "$liveness" || fail "/healthz: $liveness"
echo "   200 /healthz $liveness"
redirect=$(curl -sS --max-time 20 -o /dev/null -w '%{http_code} %{redirect_url}' --resolve "$HOST:$HTTP_PORT:127.0.0.1" "http://$HOST:$HTTP_PORT$article")
[ "$redirect" = "301 https://$HOST$article" ] || fail "HTTP does not redirect to HTTPS: $redirect"
echo "   $redirect  (http://$HOST:$HTTP_PORT$article)"

# A photo stored the way the web service stores uploads (its user, its UMask,
# Django's storage) is served by nginx under /media/.
cat > "$RUN/media_check.py" <<'EOF'
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
print(default_storage.save("rehearsal/2026/check.txt", ContentFile(b"rehearsal media check")))
EOF
chmod 644 "$RUN/media_check.py"
stored=$( (unit_exec "$units/portal.service" ".venv/bin/python manage.py shell -v 0") < "$RUN/media_check.py") || fail "storing a file as the web service"
served=$(https "https://$HOST:$HTTPS_PORT/media/$stored") || true
[ "$served" = "rehearsal media check" ] || fail "nginx does not serve /media/$stored (file permissions?)"
echo "   200 /media/$stored (stored as the web service)"
rm -rf "$PREFIX/var/media/rehearsal"

# The article page comes from the published tree: its file exists, readable
# by nginx, and nginx answers with exactly its bytes.
page_file="$PREFIX/var/publish/${site_key}${article}index.html"
[ -f "$page_file" ] || fail "publish_site wrote no $page_file"
https -o "$RUN/article.served" "https://$HOST:$HTTPS_PORT$article"
cmp -s "$page_file" "$RUN/article.served" || fail "nginx does not serve $article from the published tree ($page_file)"
echo "   200 $article = $page_file ($(stat -c %s "$page_file") bytes)"

# An admin sign-in over HTTPS: password and authenticator code, then the index.
REHEARSAL_URL="https://$HOST:$HTTPS_PORT/$ADMIN_PATH" REHEARSAL_CA="$CERT_DIR/fullchain.pem" \
REHEARSAL_PASSWORD=$password REHEARSAL_TOTP_KEY=$totp_key python3 - <<'EOF' || fail "admin sign-in over HTTPS"
import hashlib, hmac, http.cookiejar, os, re, ssl, struct, time, urllib.error, urllib.parse, urllib.request

base = os.environ["REHEARSAL_URL"]
context = ssl.create_default_context(cafile=os.environ["REHEARSAL_CA"])
jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=context), urllib.request.HTTPCookieProcessor(jar))
login = base + "login/"
page = opener.open(login, timeout=20).read().decode()
token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
key = bytes.fromhex(os.environ["REHEARSAL_TOTP_KEY"])
digest = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
offset = digest[-1] & 15
code = "%06d" % ((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1000000)
form = {"csrfmiddlewaretoken": token, "username": "chief", "password": os.environ["REHEARSAL_PASSWORD"],
        "otp_token": code, "next": base}
request = urllib.request.Request(login, data=urllib.parse.urlencode(form).encode(),
                                 headers={"Referer": login, "Origin": base.split("/", 3)[0] + "//" + base.split("/")[2]})
class Stay(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None


try:
    urllib.request.build_opener(urllib.request.HTTPSHandler(context=context), urllib.request.HTTPCookieProcessor(jar), Stay).open(request, timeout=20)
    raise AssertionError("the sign-in form came back: refused")
except urllib.error.HTTPError as error:
    assert error.code == 302 and "/login/" not in error.headers["Location"], f"sign-in answered {error.code}"
response = opener.open(base, timeout=20)
body = response.read().decode()
assert response.url == base, f"the admin index sent us to {response.url}"
assert "chief" in body and 'name="password"' not in body, "the admin index did not open"
assert any(cookie.name == "__Host-sessionid" and cookie.secure for cookie in jar), "no secure session cookie"
print("   admin sign-in over HTTPS with password and authenticator code: ok")
EOF

# --- Step 9: a backup, as the nightly unit runs it ---------------------------------
step "9. portal-backup.service (the backup; rotation is a daily task)"
backup_unit="$units/portal-backup.service"
( unit_exec "$backup_unit" "$(unit_values "$backup_unit" ExecStart)" )
while IFS= read -r post; do ( unit_exec "$backup_unit" "$post" ); done < <(unit_values "$backup_unit" ExecStartPost)
latest=$(ls -t "$PREFIX"/var/backups/portal-*.tar.gz | head -n 1)
tar -tzf "$latest" | grep -qx database.pgdump || fail "$latest holds no pg_dump"
echo "   $latest ($(du -h "$latest" | cut -f1))"
# Rotation, audit-log purge and unused editor images are daily tasks, queued
# once by portal-worker's ExecStartPre: queueing again adds nothing.
scheduled=$(as_portal .venv/bin/python manage.py tasks_schedule)
grep -q "新排入 0 项" <<< "$scheduled" || fail "the daily tasks were not queued when portal-worker started: $scheduled"
echo "   daily tasks queued: $(grep -o '每日任务 [0-9]* 项' <<< "$scheduled")"

# --- gunicorn stopped: published pages stay, dynamic ones say 503 ----------------
step "gunicorn stopped: the published tree is still served, search answers 503"
pid=$(cat "$RUN/portal.pid")
kill "$pid"
for _ in $(seq 45); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
kill -0 "$pid" 2>/dev/null && fail "gunicorn did not stop"
rm -f "$RUN/portal.pid"
status=$(https -o "$RUN/article.down" -w '%{http_code}' "https://$HOST:$HTTPS_PORT$article")
[ "$status" = 200 ] && cmp -s "$page_file" "$RUN/article.down" || fail "with gunicorn stopped $article answers $status"
echo "   200 $article"
expect_page /
status=$(https -o "$RUN/search.down" -w '%{http_code}' "https://$HOST:$HTTPS_PORT/search/?q=%E4%B9%A1")
[ "$status" = 503 ] || fail "with gunicorn stopped /search/ answers $status, not 503"
cmp -s "$PREFIX/var/publish/${site_key}/_errors/503.html" "$RUN/search.down" || fail "/search/ with gunicorn stopped is not the site's 503 page"
echo "   503 /search/ (the site's 503 page from the tree)"

if grep -h -e '\[ERROR\]' -e 'Traceback' "$RUN"/portal*.log; then fail "errors in the service logs"; fi
step "passed: the production guide (docs/deployment.md) works as written"
