"""ASGI entry point."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

application = get_asgi_application()

# Web requests only: management commands never load this module.
from portal.statement_timeout import limit_web_statements  # noqa: E402

limit_web_statements()
