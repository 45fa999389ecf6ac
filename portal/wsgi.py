"""WSGI entry point, served by gunicorn in production (gunicorn.conf.py)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

application = get_wsgi_application()

# Web requests only: management commands never load this module.
from portal.statement_timeout import limit_web_statements  # noqa: E402

limit_web_statements()
