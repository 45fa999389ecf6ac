"""Lists as CSV files: what every app's export writes the same way.

An export reads the list's filters from the query string with the page's own
FilterSet (or form), in the page's order, and writes every matching row — not
only the first 1,000 a page lets one browse. Rows are streamed: the query is
read with ``.iterator(chunk_size=…)``, its prefetches run once per chunk, and
rows are sent as they are written, so a 100,000-row export never sits in memory.

The file is UTF-8 with a byte-order mark, because Excel reads a CSV file as
UTF-8 only when it starts with one (other tools skip it); comma-separated, CRLF
line ends (RFC 4180). Column names and values are in the request's language;
dates are ISO 8601 at their precision ("2025-03" for a date known to the month).
A cell a spreadsheet would read as a formula (starting with =, +, -, @, a tab or
a carriage return) is prefixed with an apostrophe.
"""

import csv
import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from django.http import StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy
from django_countries import countries

from portal.browse import bad_filters_response
from portal.dates import PartialDate

CONTENT_TYPE = "text/csv; charset=utf-8"
BOM = "\ufeff"
# Rows read from the database at a time; prefetches run once per chunk.
CHUNK_SIZE = 2000
# Rows written per piece of the response.
ROWS_PER_PIECE = 500
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PAGE = gettext_lazy("Page on Passerelle")


# Writing cells -----------------------------------------------------------------------


def neutralized(text: str) -> str:
    """``text``, made inert if a spreadsheet would run it as a formula (CSV injection)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, PartialDate):
        return value.iso()
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return neutralized(str(value))


def choice_labels(model, name, capitalize=True) -> dict[str, str]:
    """Each choice of ``model``'s field ``name``, labelled in the active language.

    Looked up once per file: ``get_FOO_display()`` translates every label of the
    field again for each row, which is most of the time a large export takes.
    """
    choices = model._meta.get_field(name).choices
    return {value: capfirst(str(text)) if capitalize else str(text) for value, text in choices}


def country_names() -> dict[str, str]:
    return {code: str(name) for code, name in countries}


def names(items: Iterable) -> str:
    return "; ".join(str(item) for item in items)


@dataclass(frozen=True)
class Column:
    """A column's title, and how to get its value from a row."""

    title: str | Promise
    value: Callable[[Any], Any]


def field_column(model, name, value=None) -> Column:
    """A column titled with the field's own label; its value is the field's unless given."""
    return Column(model._meta.get_field(name).verbose_name, value or attrgetter(name))


def page_column(request, record=None) -> Column:
    """The absolute address of the row's page (or of ``record(row)``'s) on the site."""
    root = request.build_absolute_uri("/").removesuffix("/")
    record = record or (lambda row: row)
    return Column(PAGE, lambda row: root + record(row).get_absolute_url())


# Reading the list, writing the file -------------------------------------------------


class _Echo:
    """A file that hands back what is written to it, for csv.writer to format one row."""

    def write(self, value):
        return value


def filtered(request, filterset_class, queryset):
    """The list's rows for the query string, or the 400 response that explains why not."""
    filterset = filterset_class(request.GET or None, queryset=queryset, request=request)
    if filterset.is_bound and not filterset.is_valid():
        return None, bad_filters_response(filterset.form)
    return filterset.qs, None


def csv_response(filename: str, columns: list[Column], rows):
    """A streamed CSV file of the ``rows`` queryset, one line per row and one cell per column.

    Everything is written in the request's language, which is captured here: a
    streamed response is written after the view has returned.
    """
    language = translation.get_language()

    def pieces() -> Iterator[bytes]:
        with translation.override(language):
            writer = csv.writer(_Echo())
            yield (BOM + writer.writerow([capfirst(str(c.title)) for c in columns])).encode()
            lines = []
            for row in rows.iterator(chunk_size=CHUNK_SIZE):
                lines.append(writer.writerow([cell(c.value(row)) for c in columns]))
                if len(lines) == ROWS_PER_PIECE:
                    yield "".join(lines).encode()
                    lines = []
            if lines:
                yield "".join(lines).encode()

    response = StreamingHttpResponse(pieces(), content_type=CONTENT_TYPE)
    stamped = f"passerelle-{filename}-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = content_disposition_header(True, stamped)
    return response
