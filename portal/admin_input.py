"""What no admin address holds, refused before any admin view reads it.

- **Control characters in the query string** (a filter's value, the search box's
  ``q``, an autocomplete's ``term``, a date hierarchy's year, or a parameter's
  name): status 400, in plain text. The admin passes its filter and search values
  to the database as they are, and PostgreSQL refuses a NUL in a text value
  (a 500). No value of an admin filter or search holds a control character, so
  all of them are refused, not only NUL.
- **Non-ASCII digits in the path** (``²``, ``٣``): 404, as for an id that does
  not exist. Python's ``isdigit()`` says yes to ``²``, and ``int()`` reads ``٣`` as
  3, so an id written with them would pass a digit check and fail further on
  (a 500), or open record 3 at an address that is not its own.
"""

import re

from django.http import Http404, HttpResponseBadRequest
from django.utils.translation import gettext as _

# C0 and C1 controls: tab and line breaks included.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def has_control_characters(query) -> bool:
    """True when a name or a value of ``query`` (a QueryDict) holds a control character."""
    return any(
        _CONTROL.search(name) or any(_CONTROL.search(value) for value in values)
        for name, values in query.lists()
    )


def has_non_ascii_digits(text: str) -> bool:
    return not text.isascii() and any(not char.isascii() and char.isnumeric() for char in text)


class AdminInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        """Before any view of the admin site (its URLs resolve in the ``admin`` namespace)."""
        if "admin" not in request.resolver_match.namespaces:
            return None
        if has_non_ascii_digits(request.path_info):
            raise Http404(_("No such record."))
        if has_control_characters(request.GET):
            return HttpResponseBadRequest(
                _("Control characters are not allowed in a filter, a search or a term.") + "\n",
                content_type="text/plain; charset=utf-8",
            )
        return None
