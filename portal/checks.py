"""Deployment checks of Passerelle's own settings (``manage.py check --deploy``)."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs):
    """Several processes need one cache: with each its own memory, a write retires the
    cached pages and counts of the process that made it, not the others'."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith("LocMemCache") and settings.PAGE_CACHE_SECONDS:
        return [
            checks.Warning(
                "CACHE_URL is not set: each process caches pages and counts in its own "
                "memory, and a change made through one process leaves the others' stale "
                f"for up to {settings.PAGE_CACHE_SECONDS} seconds.",
                hint="Set CACHE_URL=redis://host:6379/1, or PAGE_CACHE_SECONDS=0 to cache nothing.",
                id="passerelle.W001",
            )
        ]
    return []
