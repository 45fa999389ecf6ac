from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class AnonymousRateThrottle(AnonRateThrottle):
    """Requests without a session, limited per address (``API_ANON_RATE``, read at each
    request). The history of each address is kept in the default cache, one for every
    server when ``CACHE_URL`` names a Redis (tests/test_fleet.py)."""

    def get_rate(self):
        return settings.API_ANON_RATE
