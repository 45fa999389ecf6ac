"""How often the public forms may be sent: per client address and per email address.

The counts live in the default cache (one Redis for the fleet with ``CACHE_URL``),
each under a digest of what it counts (a keyed hash: neither the address nor the
email can be read back from the key), in fixed windows that end on their own. Only
accepted submissions are counted; a form with errors stores and sends nothing.
"""

import logging
import time
import unicodedata
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.crypto import salted_hmac
from rest_framework.throttling import BaseThrottle

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limit:
    what: str  # "address" or "email"
    times: int
    seconds: int


HOUR = 60 * 60
DAY = 24 * HOUR
# Each form (access, correction) has its own counts.
PER_ADDRESS = Limit("address", 5, HOUR)
PER_EMAIL = Limit("email", 3, DAY)


def client_address(request) -> str:
    """The client's address as the API's limit tells clients apart: ``REMOTE_ADDR``, or
    with ``API_NUM_PROXIES`` proxies in front the address they add to
    ``X-Forwarded-For`` (a client could send its own otherwise)."""
    return BaseThrottle().get_ident(request) or ""


def _key(form: str, limit: Limit, value: str, window: int) -> str:
    digest = salted_hmac(
        "members.throttling", f"{form}:{limit.what}:{value}", algorithm="sha256"
    ).hexdigest()
    return f"request-throttle:{digest}:{window}"


def _count(key: str, seconds: int) -> int:
    cache.add(key, 0, timeout=seconds)
    try:
        return cache.incr(key)
    except ValueError:
        # The window ended between the two calls.
        cache.set(key, 1, timeout=seconds)
        return 1


def take(form: str, address: str, email: str = "") -> int | None:
    """Count one submission of ``form``; None when it is within the limits, else the
    seconds until the window it broke ends (for ``Retry-After``)."""
    now = int(time.time())
    counted = [(PER_ADDRESS, address)]
    if email:
        counted.append((PER_EMAIL, unicodedata.normalize("NFKC", email).strip().casefold()))
    wait = None
    for limit, value in counted:
        window = now // limit.seconds
        try:
            count = _count(_key(form, limit, value, window), limit.seconds)
        except Exception:
            # A cache that cannot be reached does not stop people writing in: the
            # request goes through uncounted, and the log says so.
            logger.error("The %s form could not be counted in the cache.", form, exc_info=True)
            continue
        if count > limit.times:
            wait = max(wait or 0, (window + 1) * limit.seconds - now)
    return wait
