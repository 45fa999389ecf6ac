"""CSV exports of the lists: organizations, agreements, events and an association's benefits.

Each export reads the list's filters from the query string with the page's own
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

Visibility rules are those of the pages: no contact is exported (signers
included), and a benefit's claim details come from ``with_claim_details``.
"""

import csv
import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from agreements.filters import AgreementFilter
from agreements.forms import BenefitAssociationForm
from agreements.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Benefit,
    BenefitCategory,
    PartyRole,
)
from events.filters import EventFilter
from events.models import Event, EventKind, EventOrganization
from organizations.filters import OrganizationFilter
from organizations.models import CountQualifier, Organization, OrganizationKind, Sector
from portal.dates import DatePrecision
from portal.localized import localized

CONTENT_TYPE = "text/csv; charset=utf-8"
BOM = "\ufeff"
# Rows read from the database at a time; prefetches run once per chunk.
CHUNK_SIZE = 2000
# Rows written per piece of the response.
ROWS_PER_PIECE = 500
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PAGE = gettext_lazy("Page on Passerelle")


def bad_filters_response(form) -> HttpResponseBadRequest:
    """Status 400 and, in plain text, what could not be understood in the query string.

    For the files made from a list (exports, calendars), where there is no page
    to show the errors on.
    """
    lines = [_("Some filters could not be understood:")]
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        for error in errors:
            if field is not None and field.label:
                lines.append(
                    "- " + _("%(field)s: %(error)s") % {"field": field.label, "error": error}
                )
            else:
                lines.append(f"- {error}")
    return HttpResponseBadRequest("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


# Writing cells -----------------------------------------------------------------------


def neutralized(text: str) -> str:
    """``text``, made inert if a spreadsheet would run it as a formula (CSV injection)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return neutralized(str(value))


def partial_date(value: datetime.date | None, precision: str) -> str:
    """ISO 8601 at the date's precision: '2018-03-08', '2025-03' or '2011'."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def choice_labels(choices, capitalize=True) -> dict[str, str]:
    """Each choice's label in the active language.

    Looked up once per file: ``get_FOO_display()`` translates every label of the
    field again for each row, which is most of the time a large export takes.
    """
    return {value: capfirst(str(text)) if capitalize else str(text) for value, text in choices}


def country_names() -> dict[str, str]:
    return {code: str(name) for code, name in countries}


def names(items: Iterable) -> str:
    return "; ".join(str(item) for item in items)


@dataclass(frozen=True)
class Column:
    title: str | Promise
    value: Callable


class _Echo:
    """A file that hands back what is written to it, for csv.writer to format one row."""

    def write(self, value):
        return value


def csv_response(request, filename: str, columns: list[Column], rows: Iterable):
    """A streamed CSV file of ``rows``, one line per row and one cell per column.

    Column values get the row and a function turning a page's path into an
    absolute URL. Everything is written in the request's language, which is
    captured here: a streamed response is written after the view has returned.
    """
    language = translation.get_language()
    root = request.build_absolute_uri("/").removesuffix("/")

    def absolute(path):
        return root + path

    def pieces() -> Iterator[bytes]:
        with translation.override(language):
            writer = csv.writer(_Echo())
            yield (BOM + writer.writerow([capfirst(str(c.title)) for c in columns])).encode()
            lines = []
            for row in rows:
                lines.append(writer.writerow([cell(c.value(row, absolute)) for c in columns]))
                if len(lines) == ROWS_PER_PIECE:
                    yield "".join(lines).encode()
                    lines = []
            if lines:
                yield "".join(lines).encode()

    response = StreamingHttpResponse(pieces(), content_type=CONTENT_TYPE)
    stamped = f"passerelle-{filename}-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = content_disposition_header(True, stamped)
    return response


def _field(model, name):
    return model._meta.get_field(name).verbose_name


def _page(row, absolute):
    return absolute(row.get_absolute_url())


def filtered_rows(request, filterset_class, queryset):
    """The list's rows for the query string, or the 400 response that explains why not."""
    filterset = filterset_class(request.GET or None, queryset=queryset, request=request)
    if filterset.is_bound and not filterset.is_valid():
        return None, bad_filters_response(filterset.form)
    return filterset.qs.iterator(chunk_size=CHUNK_SIZE), None


# The exports -------------------------------------------------------------------------


def organizations_csv(request):
    """The organizations directory for the query string's filters. No contacts."""
    sectors = Prefetch("sectors", queryset=Sector.objects.order_by(localized("name")))
    organizations = Organization.objects.prefetch_related(sectors).order_by(localized("name"), "id")
    rows, error = filtered_rows(request, OrganizationFilter, organizations)
    if error:
        return error
    kinds = choice_labels(OrganizationKind.choices)
    qualifiers = choice_labels(CountQualifier.choices, capitalize=False)
    country = country_names()
    columns = [
        Column(_field(Organization, "name"), lambda o, _a: o.name),
        Column(_field(Organization, "acronym"), lambda o, _a: o.acronym),
        Column(_field(Organization, "kind"), lambda o, _a: kinds.get(o.kind, o.kind)),
        Column(_field(Organization, "sectors"), lambda o, _a: names(o.sectors.all())),
        Column(_field(Organization, "city"), lambda o, _a: o.city),
        Column(_field(Organization, "region"), lambda o, _a: o.region),
        Column(_field(Organization, "country"), lambda o, _a: country.get(o.country.code, "")),
        Column(_field(Organization, "website"), lambda o, _a: o.website),
        Column(_field(Organization, "founded_year"), lambda o, _a: o.founded_year),
        Column(_field(Organization, "member_count"), lambda o, _a: o.member_count),
        Column(
            _field(Organization, "member_count_qualifier"),
            lambda o, _a: qualifiers.get(o.member_count_qualifier, "") if o.member_count else "",
        ),
        Column(
            _field(Organization, "member_count_as_of"),
            lambda o, _a: partial_date(o.member_count_as_of, o.member_count_as_of_precision),
        ),
        Column(_field(Organization, "description"), lambda o, _a: o.description),
        Column(PAGE, _page),
    ]
    return csv_response(request, "organizations", columns, rows)


def _parties(agreement, roles):
    return names(
        f"{party.organization.name} ({roles.get(party.role, party.role)})"
        for party in agreement.party_set.all()
    )


def agreements_csv(request):
    """The agreements registry for the query string's filters: parties, never their signers."""
    themes = Prefetch("themes", queryset=Sector.objects.order_by(localized("name")))
    agreements = (
        Agreement.objects.select_related("signing_event")
        .for_cards()
        .prefetch_related(themes)
        .order_by_signing()
    )
    rows, error = filtered_rows(request, AgreementFilter, agreements)
    if error:
        return error
    kinds = choice_labels(AgreementKind.choices)
    statuses = choice_labels(AgreementStatus.choices)
    roles = choice_labels(PartyRole.choices, capitalize=False)
    columns = [
        Column(_field(Agreement, "title"), lambda a, _a: a.title),
        Column(_field(Agreement, "kind"), lambda a, _a: kinds.get(a.kind, a.kind)),
        Column(_field(Agreement, "status"), lambda a, _a: statuses.get(a.status, a.status)),
        Column(
            _field(Agreement, "signed_on"),
            lambda a, _a: partial_date(a.signed_on, a.signed_on_precision),
        ),
        Column(_field(Agreement, "signing_place"), lambda a, _a: a.signing_place),
        Column(
            _field(Agreement, "signing_event"),
            lambda a, _a: a.signing_event.display_name if a.signing_event else "",
        ),
        Column(_field(Agreement, "parties"), lambda a, _a: _parties(a, roles)),
        Column(_field(Agreement, "themes"), lambda a, _a: names(a.themes.all())),
        Column(_field(Agreement, "effective_from"), lambda a, _a: a.effective_from),
        Column(_field(Agreement, "effective_until"), lambda a, _a: a.effective_until),
        Column(_field(Agreement, "term_months"), lambda a, _a: a.term_months),
        Column(_field(Agreement, "summary"), lambda a, _a: a.summary),
        Column(PAGE, _page),
    ]
    return csv_response(request, "agreements", columns, rows)


def events_csv(request):
    """The events list for the query string's filters, upcoming ones by default as there."""
    organizers = Prefetch(
        "roles",
        queryset=EventOrganization.objects.filter(role="organizer")
        .select_related("organization")
        .order_by(localized("organization__name")),
        to_attr="organizer_roles",
    )
    events = Event.objects.select_related("series").prefetch_related(organizers)
    rows, error = filtered_rows(request, EventFilter, events)
    if error:
        return error
    kinds = choice_labels(EventKind.choices)
    country = country_names()
    columns = [
        Column(_field(Event, "name"), lambda e, _a: e.display_name),
        Column(_field(Event, "series"), lambda e, _a: e.series.name if e.series else ""),
        Column(_field(Event, "edition"), lambda e, _a: e.edition),
        Column(_field(Event, "kind"), lambda e, _a: kinds.get(e.kind, e.kind)),
        Column(
            _field(Event, "start_date"),
            lambda e, _a: partial_date(e.start_date, e.date_precision),
        ),
        Column(_field(Event, "end_date"), lambda e, _a: partial_date(e.end_date, e.date_precision)),
        Column(_field(Event, "start_time"), lambda e, _a: e.start_time),
        Column(_field(Event, "end_time"), lambda e, _a: e.end_time),
        Column(_field(Event, "time_zone"), lambda e, _a: e.time_zone),
        Column(_field(Event, "venue"), lambda e, _a: e.venue),
        Column(_field(Event, "city"), lambda e, _a: e.city),
        Column(_field(Event, "region"), lambda e, _a: e.region),
        Column(_field(Event, "country"), lambda e, _a: country.get(e.country.code, "")),
        Column(
            gettext_lazy("Organizers"),
            lambda e, _a: names(role.organization.name for role in e.organizer_roles),
        ),
        Column(_field(Event, "online_url"), lambda e, _a: e.online_url),
        Column(_field(Event, "registration_url"), lambda e, _a: e.registration_url),
        Column(_field(Event, "member_rate_note"), lambda e, _a: e.member_rate_note),
        Column(_field(Event, "description"), lambda e, _a: e.description),
        Column(PAGE, _page),
    ]
    return csv_response(request, "events", columns, rows)


def benefits_csv(request):
    """What the benefits page lists for the association in the query string.

    The benefits its members can claim today, by category, with their claim
    details where the visitor may see them (``with_claim_details``).
    """
    form = BenefitAssociationForm(request.GET)
    if not form.is_valid():
        return bad_filters_response(form)
    association = form.cleaned_data["association"]
    benefits = Benefit.objects.claimable_by_members_of(
        association, timezone.localdate(), request.viewer
    )
    categories = choice_labels(BenefitCategory.choices)
    columns = [
        Column(_field(Benefit, "category"), lambda b, _a: categories.get(b.category, b.category)),
        Column(_field(Benefit, "description"), lambda b, _a: b.description),
        Column(gettext_lazy("How to claim"), lambda b, _a: b.claim_details),
        Column(_field(Benefit, "valid_from"), lambda b, _a: b.valid_from),
        Column(_field(Benefit, "valid_until"), lambda b, _a: b.valid_until),
        Column(_field(Benefit, "agreement"), lambda b, _a: b.agreement.title),
        Column(PAGE, lambda b, absolute: absolute(b.agreement.get_absolute_url())),
    ]
    return csv_response(
        request,
        f"benefits-{association.slug}",
        columns,
        benefits.iterator(chunk_size=CHUNK_SIZE),
    )
