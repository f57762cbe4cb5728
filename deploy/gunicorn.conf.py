"""gunicorn settings for ELearn ASN behind nginx (deploy/README.md).

Run: gunicorn -c deploy/gunicorn.conf.py wsgi:app
Every setting may be overridden on the command line (the tests do: port, worker count).
"""

import multiprocessing
import os
import sys

wsgi_app = "wsgi:app"

# nginx talks to this address only; never expose gunicorn itself (it trusts X-Forwarded-*
# from loopback, and the app's ProxyFix trusts exactly one proxy).
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Sync workers: every request is short and blocking on the database, and nginx buffers slow
# clients, so a worker is never held by a slow upload or download. The usual 2 x cores + 1
# keeps the CPUs busy while some workers wait on PostgreSQL; GUNICORN_WORKERS overrides it
# (a sync worker holds one PostgreSQL connection: keep the workers of every host, plus the
# cron jobs, under max_connections, 100 by default).
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"

# A worker silent for this long is killed and replaced: the slowest legitimate requests are
# the whole-government HR reports (about 1 s at 100,000 learners) and a 20 MB course zip
# import (a few seconds). nginx's proxy_read_timeout is a little longer (65 s), so it is
# gunicorn that gives up first and logs which request it was.
timeout = 60
# On a restart or reload a worker finishes its request for up to this long.
graceful_timeout = 30
# No keepalive: sync workers close the connection after each response (nginx talks
# HTTP/1.0 to them and opens a new loopback connection per request; it keeps the browsers'
# connections open itself).

# Recycle a worker after about 20,000 requests: bounds the growth of anything a worker keeps
# (the live course versions, LIVE_VERSION_CACHE_SIZE) or leaks; the jitter keeps the
# workers from restarting all at once.
max_requests = 20000
max_requests_jitter = 2000

# preload_app stays off. Loading the app in the master before forking would save little
# memory with CPython (reference counting writes to every object, so copy-on-write pages get
# copied anyway) and start workers a little faster, but: a `systemctl reload` (HUP) would
# then keep the old code, because only a new master reimports it; and anything the app
# opens while loading (the SQLAlchemy pool, the Redis client of the limiter) would be
# shared by every forked worker. Without it each worker builds its own app, its own
# connections and its own live-version cache, and HUP after an upgrade brings in new code
# without dropping a request.
preload_app = False

# Logs to stdout/stderr: systemd's journal keeps them (journalctl -u elearn).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The client's address as nginx saw it, the request, status, bytes and microseconds.
access_log_format = '%({x-forwarded-for}i)s "%(r)s" %(s)s %(B)s %(D)sus'

# Only nginx on this host may tell gunicorn the scheme (X-Forwarded-Proto).
forwarded_allow_ips = "127.0.0.1,::1"


# CPython 3.11 (3.11.2 and 3.11.7 tried) can die with a segmentation fault in its garbage
# collector under this app's ORM work, reproduced on the HR gap map; 3.12 and 3.13 did not
# in the same runs (bench/README.md, "The segmentation fault, bisected"). The app still runs
# on 3.11 (the README's fresh machine has it), so this only says so where operators look.
PYTHON_311_WARNING = (
    "Python 3.11 workers can crash in the garbage collector (bench/README.md, "
    "'The segmentation fault, bisected'): build the virtualenv with Python 3.12 or later"
)


def on_starting(server):
    if sys.version_info[:2] == (3, 11):
        server.log.warning(PYTHON_311_WARNING)
