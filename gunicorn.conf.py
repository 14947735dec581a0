"""gunicorn settings, read from the environment: run ``gunicorn`` from this directory.

WEB_CONCURRENCY  worker processes (default 2; about two per CPU core)
BIND             address to listen on (default 127.0.0.1:8000, behind the reverse proxy)
FORWARDED_ALLOW_IPS  proxies trusted to set X-Forwarded-* headers (default 127.0.0.1)
GUNICORN_TIMEOUT seconds before a stuck worker is restarted (default 60: big imports)
"""

import os

wsgi_app = "commissioning.wsgi:application"
bind = [os.environ.get("BIND", "127.0.0.1:8000")]
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Load and warm the application once, before forking: every worker starts with the
# modules, URLs and templates in memory (commissioning.warmup), shared copy-on-write.
preload_app = True

# Logs go to the standard streams, for systemd's journal or the container runtime.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'

# Recycle workers now and then so a slow leak cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200
