"""The admin's list of records, with filters the database cannot take answered as bad
filters (Django's ``?e=1``) rather than a 500."""

import re

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList

# The largest integer a database column here holds (a 64-bit signed BigAutoField).
LARGEST_INTEGER = 2**63 - 1
_INTEGER = re.compile(r"[+-]?[0-9]+")


def too_big(value: str) -> bool:
    """True when ``value`` (or a piece of a comma-separated ``__in`` list) is an
    integer no database column holds."""
    return any(
        _INTEGER.fullmatch(piece.strip()) and abs(int(piece)) > LARGEST_INTEGER
        for piece in value.split(",")
    )


class PortalChangeList(ChangeList):
    def get_filters(self, request):
        if any(too_big(value) for values in self.get_filters_params().values() for value in values):
            # Django checks such numbers on a field's own lookups (association__id__exact)
            # but not on a relation's (association=, association__in=): the query reaches
            # the database, which refuses it (SQLite's OverflowError, PostgreSQL's
            # "out of range").
            raise IncorrectLookupParameters("A number is too big for the database.")
        try:
            return super().get_filters(request)
        except (OverflowError, ValueError) as error:
            # Django checks the date hierarchy's year, month and day as a date, but not
            # the date after it nor numbers past a C long: ?signed_on__year=9999 (no
            # year 10000) or a year of twenty digits.
            raise IncorrectLookupParameters(error) from error


class PortalChangeListMixin:
    """For a ModelAdmin: its list is a ``PortalChangeList``."""

    def get_changelist(self, request, **kwargs):
        return PortalChangeList
