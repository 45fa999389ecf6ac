"""Deployment checks of Passerelle's own settings (``manage.py check --deploy``)."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs):
    """Several processes need one cache: with each its own memory, a write retires the
    cached pages and counts of the process that made it, not the others', and each
    process counts sign-in failures and anonymous API requests on its own."""
    backend = settings.CACHES["default"]["BACKEND"]
    if not backend.endswith("LocMemCache"):
        return []
    message = (
        "CACHE_URL is not set: each process counts sign-in failures and anonymous API "
        "requests in its own memory, so every process adds its own share to the limits."
    )
    if settings.PAGE_CACHE_SECONDS:
        message += (
            " It caches pages and counts there too, and a change made through one process "
            f"leaves the others' stale for up to {settings.PAGE_CACHE_SECONDS} seconds."
        )
    return [
        checks.Warning(
            message,
            hint="Set CACHE_URL=redis://host:6379/1 (one process alone may ignore this).",
            id="passerelle.W001",
        )
    ]
