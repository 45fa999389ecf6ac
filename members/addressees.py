"""Who hears of what reaches an association (a claim, a request): as
``agreements.reminders`` reaches its staff — its administrators, else all its active
staff with an email — and, when it has none (or nothing names an association), the
portal's active administrators with an email. Never another association's staff."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model

from agreements.reminders import StaffDirectory

PORTAL_ADMINISTRATOR = "portal administrator"


@dataclass(frozen=True)
class Addressee:
    email: str
    name: str
    language: str
    # Why they get it: agreements.reminders.ADMINISTRATOR or ALL_STAFF, or
    # PORTAL_ADMINISTRATOR.
    because: str


def portal_administrators() -> list[Addressee]:
    """The active administrators with an email, in the order of their addresses."""
    rows = (
        get_user_model()
        .objects.filter(is_superuser=True, is_active=True)
        .exclude(email="")
        .order_by("email", "pk")
        .values_list("email", "first_name", "last_name", "username", "profile__language")
    )
    return [
        Addressee(
            email=email,
            name=f"{first} {last}".strip() or username,
            language=language or settings.LANGUAGE_CODE,
            because=PORTAL_ADMINISTRATOR,
        )
        for email, first, last, username, language in rows
    ]


def staff_of(association_id) -> list[Addressee]:
    """Who is told of what is addressed to ``association_id`` (None: to no association)."""
    if association_id is not None:
        recipients = StaffDirectory([association_id]).unassigned(association_id)
        if recipients:
            return [
                Addressee(r.staff.email, r.staff.name, r.staff.language, r.because)
                for r in recipients
            ]
    return portal_administrators()
