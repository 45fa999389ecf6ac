from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class AnonymousRateThrottle(AnonRateThrottle):
    """Requests without a session, limited per address (``API_ANON_RATE``, read at each request)."""

    def get_rate(self):
        return settings.API_ANON_RATE
