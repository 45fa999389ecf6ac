"""The address of a staff member's private calendar: a secret token in the URL.

Anyone with the address reads the calendar (calendar applications cannot sign
in), so the token is long and random, shown once when it is made, and only its
SHA-256 is kept (``Profile.calendar_token_hash``): a copy of the database gives
no working address. Making a new one replaces the old; revoking empties it. The
feed itself reads agreements and lives above this app (``agreements.staff_calendar``).
"""

import hashlib
import re
import secrets

from django.utils import timezone

from accounts.models import Profile

# What secrets.token_urlsafe(32) writes: 43 characters of the URL-safe alphabet.
TOKEN_BYTES = 32
_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def create_token(user) -> str:
    """A new token for ``user``'s calendar, replacing any earlier one; returned once."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    profile, _created = Profile.objects.get_or_create(user=user)
    profile.calendar_token_hash = token_hash(token)
    profile.calendar_token_created_at = timezone.now()
    profile.save(update_fields=["calendar_token_hash", "calendar_token_created_at"])
    return token


def revoke_token(user) -> None:
    Profile.objects.filter(user=user).update(
        calendar_token_hash=None, calendar_token_created_at=None
    )


def profile_for_token(token: str) -> Profile | None:
    """The profile of the active staff account whose calendar ``token`` opens, if any."""
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        return None
    return (
        Profile.objects.select_related("user")
        .filter(
            calendar_token_hash=token_hash(token),
            user__is_active=True,
            user__is_staff=True,
        )
        .first()
    )
