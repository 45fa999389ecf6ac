"""gunicorn's settings for Passerelle: ``gunicorn --config gunicorn.conf.py`` (``make serve``).

Run from the project directory. The environment picks:

- ``WEB_CONCURRENCY``: worker processes (default: two per CPU core);
- ``GUNICORN_THREADS``: threads per worker (default 2). Each thread holds its own
  database connection: a server opens up to workers × threads of them;
- ``LOG_FORMAT``: ``text`` (default) for gunicorn's access log below, ``json`` for
  the app's own line per request instead and gunicorn's messages as JSON too;
  either way no line holds the token of a private calendar's address;
- anything else through gunicorn's own ``GUNICORN_CMD_ARGS`` or options
  (``--bind 0.0.0.0:8000``; the address is ``127.0.0.1:8000`` by default, or
  ``0.0.0.0:$PORT`` when ``PORT`` is set).
"""

import os

from gunicorn.glogging import Logger

from portal.env import env_int
from portal.request_log import SecretPathFilter, without_secret_paths

wsgi_app = "portal.wsgi:application"


class SecretPathLogger(Logger):
    """gunicorn's logs without the token of a private calendar's address: the request
    line of the access log, and the error log's lines (portal.request_log)."""

    def __init__(self, cfg):
        super().__init__(cfg)
        self.error_log.addFilter(SecretPathFilter())

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for name in ("r", "U"):
            if isinstance(atoms.get(name), str):
                atoms[name] = without_secret_paths(atoms[name])
        return atoms


logger_class = SecretPathLogger

workers = env_int("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1), minimum=1)
threads = env_int("GUNICORN_THREADS", 2, minimum=1)
# With more than one thread gunicorn runs its threaded worker, which keeps idle
# connections from the proxy open for a few seconds.
keepalive = 5

# A request still running after `timeout` seconds gets its worker restarted
# (threaded workers: a worker whose main loop is stuck). Queries stop well before,
# at DATABASE_STATEMENT_TIMEOUT_MS, with the site's 503 page.
timeout = 30
# On a restart or a deploy (SIGTERM, SIGHUP), running requests get this long to end.
graceful_timeout = 30
# Each worker is replaced after about this many requests, at random points so that
# the workers of a server do not all restart at once: whatever a process slowly
# accumulates is given back. Large: a new worker serves its first pages slowly,
# while it fills its per-process caches.
max_requests = 10_000
max_requests_jitter = 1_000
# No control socket (gunicornc): every server on a machine would share its one
# default path, and nothing here uses it.
control_socket_disable = True

LOG_FORMAT = (os.environ.get("LOG_FORMAT") or "text").strip().lower()
if LOG_FORMAT == "json":
    # The app logs one JSON line per request (portal.request_log); gunicorn's own
    # messages (start-up, worker restarts and timeouts) become JSON lines too, and
    # its access log is silent.
    accesslog = None
    logconfig_dict = {
        "formatters": {"json": {"()": "portal.request_log.JsonFormatter"}},
        "handlers": {
            "json": {"class": "logging.StreamHandler", "formatter": "json"},
        },
        "root": {"level": "INFO", "handlers": ["json"]},
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": ["json"], "propagate": False},
            "gunicorn.access": {"level": "CRITICAL", "handlers": [], "propagate": False},
        },
    }
else:
    # The request line as the client sent it (still percent-encoded: no line can be
    # forged through it, and with its query string, as nginx logs it), status, bytes,
    # milliseconds and the request id that the app's log lines carry (portal.request_id).
    accesslog = "-"
    access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms id=%({x-request-id}o)s'
