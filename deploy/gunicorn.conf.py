"""gunicorn settings for production (deploy/portal.service starts
`gunicorn -c deploy/gunicorn.conf.py portal.wsgi`). Each value can be
overridden by the environment variable named beside it."""

import multiprocessing
import os

wsgi_app = "portal.wsgi:application"
# nginx proxies to this address on the same machine.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: 2 per core + 1 is gunicorn's advice for I/O-bound Django.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# A request stuck longer than this (a lost database that did not answer,
# despite connect_timeout and statement_timeout) gets its worker replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Load Django once before forking: faster starts, less memory, and a broken
# configuration stops the service at once instead of in every worker.
preload_app = True
# Recycle workers now and then so no leak can grow without bound.
max_requests = 5000
max_requests_jitter = 500
# nginx buffers slow clients; requests reach gunicorn whole.
limit_request_line = 8190
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None  # empty: no access log
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "portal"
# No control socket (gunicorn ≥ 25.1 would put one in $HOME/.gunicorn, which
# the unit keeps read-only): reloads go by signal, `systemctl reload portal`.
control_socket_disable = True
