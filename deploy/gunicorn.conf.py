"""gunicorn settings for the web process (docs/deployment.md).

Threads rather than more processes: pages wait on the database, and each process
holds its own PostgreSQL connection per thread (CONN_MAX_AGE keeps them open).
Size workers × threads so that all web processes together stay well under
PostgreSQL's max_connections (deploy/postgresql/ecobureau.conf).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "unix:/run/ecobureau/web.sock")
workers = int(
    os.environ.get("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 9))
)
threads = int(os.environ.get("GUNICORN_THREADS", 4))
worker_class = "gthread"
# PDF and Excel exports of a year's data take seconds; nothing should take a minute.
timeout = 60
graceful_timeout = 30
# Recycle workers now and then so a slow leak never becomes an outage.
max_requests = 2000
max_requests_jitter = 200
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
