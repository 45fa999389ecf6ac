"""The admin's list of records, with its date hierarchy's bad dates as bad filters."""

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList


class PortalChangeList(ChangeList):
    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (OverflowError, ValueError) as error:
            # Django checks the date hierarchy's year, month and day as a date, but not
            # the date after it nor numbers past a C long: ?signed_on__year=9999 (no
            # year 10000) or a year of twenty digits. As any bad filter, the list says
            # so (Django's ?e=1) instead of a 500.
            raise IncorrectLookupParameters(error) from error


class PortalChangeListMixin:
    """For a ModelAdmin: its list is a ``PortalChangeList``."""

    def get_changelist(self, request, **kwargs):
        return PortalChangeList
