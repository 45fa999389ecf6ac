"""Measure the site's pages against what they could cost, as issue 13 asks.

Every page is requested through Django's test Client, with the whole middleware
stack, and compared with a reference requested the same way, in the same round:

- list and detail pages (a first visit: the anonymous page cache is off, see
  below) ÷ a raw-SQL page: a view of this module that runs hand-written SQL for
  the same rows and columns and renders them in a small template (RAW_TEMPLATE);
- a cached anonymous page (the second request of the same URL) ÷ a static file
  served by whitenoise (which needs ``collectstatic``);
- an API page ÷ its own database time (the sum of its statements' ``execute()``
  times), a 200-row API page ÷ a 50-row one, a list's last page ÷ its first.

Rounds are interleaved (each round requests every page and reference once, after
one warm-up of each) so that a noisy neighbour on a shared machine spreads over
all of them; a ratio is the median of the per-round ratios. Queries per page are
counted during the warm-up (CaptureQueriesContext). Targets are printed as
information: timings are measurements to read, never assertions.

First visits: the page cache (``portal.page_cache``) is switched off for them
(``page_cache_off``: no request has a page key); the other cached figures (the
filters' counts, the home page's totals) stay as warm as they are on a busy
site. ``--cold`` clears the whole cache before each first visit instead. A first
visit that ran no SQL while its warm-up did is flagged: something answered it
from a cache.

The data measured is the database's, as found (an empty database is first filled
by ``generate_data`` at its default size); ``--sizes 1000 100000`` regenerates the
synthetic data at each size and adds the largest size ÷ the smallest, page by page.
``--print-urls`` prints the URLs ``make loadtest`` requests, one ``group<TAB>path``
a line, picked from the data.

    python manage.py benchmark_pages
    python manage.py benchmark_pages --rounds 3 --sizes 1000 100000
"""

import datetime
import functools
import math
import statistics
import time
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from unittest import mock
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.template import engines
from django.templatetags.static import static
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import path, reverse
from django.utils import timezone, translation

from agreements.models import Agreement, Benefit, Party
from events.choices import EventRole
from events.models import Event, EventOrganization, Series
from events.month import MONTH_CAP
from organizations.models import Organization, Sector
from partners.corridors import corridor_index
from portal.browse import PAGE_SIZE, RESULT_CAP
from portal.dates import DatePrecision
from portal.page_cache import AnonymousPageCacheMiddleware
from search.management.commands.benchmark_search import generate_at_size, server_version

# The raw pages ------------------------------------------------------------------
# Hand-written SQL for the rows and columns a page shows, in English, rendered by
# one small template: what the page would cost with no framework around its data.
# The SQL runs on PostgreSQL and SQLite alike.

RAW_PREFIX = "/__raw__/"
STATIC_FILE = "css/site.css"

RAW_TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title>
</head>
<body><main><h1>{{ title }}</h1>
{% if total is not None %}<p>{{ total }} results</p>{% endif %}
{% for section in sections %}<section><h2>{{ section.heading }}</h2><ul>
{% for row in section.rows %}<li>{% if section.link %}<a href="{{ section.link }}{{ row.0 }}/">\
{{ row.1 }}</a>{% else %}{{ row.0 }} · {{ row.1 }}{% endif %}\
{% for cell in row|slice:"2:" %} · {{ cell }}{% endfor %}</li>
{% endfor %}</ul></section>
{% endfor %}</main></body></html>
"""


@dataclass
class Section:
    heading: str
    rows: list
    # Rows start with a slug and a name; with a link, the name links to link + slug.
    link: str = ""


def fetch(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def fetch_one(sql, params=()):
    rows = fetch(sql, params)
    if not rows:
        raise Http404
    return rows[0]


def marks(values):
    return ", ".join(["%s"] * len(values))


def grouped(sql, ids):
    """``sql`` (selecting a key and a value, ``IN ({ids})`` in its condition) as lists by key."""
    if not ids:
        return {}
    by_key = {}
    for key, value in fetch(sql.format(ids=marks(ids)), ids):
        by_key.setdefault(key, []).append(value)
    return by_key


def bounded_count(sql, params):
    """The list pages' count: at most RESULT_CAP + 1 rows, in no order."""
    (count,) = fetch_one(f"SELECT COUNT(*) FROM ({sql} LIMIT {RESULT_CAP + 1}) AS bounded", params)
    return f"{RESULT_CAP:,}+" if count > RESULT_CAP else f"{count:,}"


def page_offset(request):
    try:
        return (max(int(request.GET.get("page", 1)), 1) - 1) * PAGE_SIZE
    except ValueError:
        return 0


def organization_id(text):
    """The organization a lookup box names: by slug, else by its exact name or acronym."""
    for condition in (
        "slug = %s",
        "UPPER(name_en) = UPPER(%s) OR UPPER(name_fr) = UPPER(%s) "
        "OR UPPER(acronym_en) = UPPER(%s) OR UPPER(acronym_fr) = UPPER(%s)",
    ):
        rows = fetch(
            f"SELECT id FROM organizations_organization WHERE {condition} LIMIT 2",
            [text] * condition.count("%s"),
        )
        if len(rows) == 1:
            return rows[0][0]
    raise Http404


def upcoming_sql(alias):
    """Events not over today, at their date's precision (what the events list shows)."""
    today = timezone.localdate()
    thresholds = {
        DatePrecision.DAY: today,
        DatePrecision.MONTH: today.replace(day=1),
        DatePrecision.YEAR: today.replace(month=1, day=1),
    }
    # The last possible day, as the (precision, last day) index holds it.
    sql = " OR ".join(
        f"({alias}.date_precision = %s AND COALESCE({alias}.end_date, {alias}.start_date) >= %s)"
        for _ in thresholds
    )
    params = [value for precision, day in thresholds.items() for value in (precision, day)]
    return f"({sql})", params


def upcoming_order(alias):
    """The start date, written so that the database sorts the upcoming events it found
    rather than walk the start-date index through every past one (as the site does)."""
    least = "LEAST" if connection.vendor == "postgresql" else "MIN"
    return (
        f"{least}({alias}.start_date, COALESCE({alias}.end_date, {alias}.start_date)), {alias}.id"
    )


def signatories(agreement_ids):
    return grouped(
        "SELECT p.agreement_id, o.name_en FROM agreements_party p "
        "JOIN organizations_organization o ON o.id = p.organization_id "
        "WHERE p.role = 'signatory' AND p.agreement_id IN ({ids}) ORDER BY o.name_en",
        agreement_ids,
    )


# Where an agreement stands today, as agreements.lifecycle derives it: the raw pages
# pay for the same renewal lookup and date comparisons as Passerelle's.
AGREEMENT_STATE = (
    "CASE WHEN a.status = 'signed' AND (SELECT n.id FROM agreements_agreement n "
    "WHERE n.renews_id = a.id AND n.publication = 'published' AND (n.status = 'signed' "
    "OR (n.status = 'terminated' AND n.signed_on IS NOT NULL)) LIMIT 1) IS NOT NULL "
    "THEN 'renewed' "
    "WHEN a.status = 'signed' AND a.ends_on < CURRENT_DATE THEN 'ended' "
    "WHEN a.status = 'signed' AND a.effective_from > CURRENT_DATE THEN 'signed' "
    "WHEN a.status = 'signed' THEN 'in_force' ELSE a.status END"
)
AGREEMENT_CARD = f"a.id, a.slug, a.title_en, a.kind, {AGREEMENT_STATE}, a.signed_on"


def agreement_cards(rows):
    """Agreement card rows (AGREEMENT_CARD's columns) with their signatories."""
    names = signatories([row[0] for row in rows])
    return [(*row[1:], ", ".join(names.get(row[0], []))) for row in rows]


# The lists show published records only (portal.publishing), and so do these pages.
PUBLISHED = "'published'"


def raw_organizations(request):
    where, params = [f"o.publication = {PUBLISHED}"], []
    if country := request.GET.get("country"):
        where.append("o.country = %s")
        params.append(country)
    if sector := request.GET.get("sector"):
        where.append(
            "EXISTS (SELECT 1 FROM organizations_organization_sectors os "
            "JOIN organizations_sector s ON s.id = os.sector_id "
            "WHERE os.organization_id = o.id AND s.slug = %s)"
        )
        params.append(sector)
    if partner := request.GET.get("partner"):
        partner_id = organization_id(partner)
        where.append(
            "o.id <> %s AND EXISTS (SELECT 1 FROM agreements_party p "
            "JOIN agreements_party mine ON mine.agreement_id = p.agreement_id "
            "WHERE p.organization_id = o.id AND mine.organization_id = %s)"
        )
        params += [partner_id, partner_id]
    matching = f"FROM organizations_organization o WHERE {' AND '.join(where)}"
    total = bounded_count(f"SELECT 1 {matching}", params)
    rows = fetch(
        "SELECT o.id, o.slug, o.name_en, o.acronym_en, o.kind, o.city, o.region, o.country "
        f"{matching} ORDER BY o.name_en, o.id LIMIT {PAGE_SIZE} OFFSET %s",
        [*params, page_offset(request)],
    )
    sectors = grouped(
        "SELECT os.organization_id, s.name_en FROM organizations_organization_sectors os "
        "JOIN organizations_sector s ON s.id = os.sector_id "
        "WHERE os.organization_id IN ({ids}) ORDER BY s.name_en",
        [row[0] for row in rows],
    )
    rows = [(*row[1:], ", ".join(sectors.get(row[0], []))) for row in rows]
    return "Organizations", total, [Section("Results", rows, "/en/organizations/")]


# A party on each side: the regions of agreements.filters' CORRIDORS, written out.
RAW_CORRIDORS = {"quebec-ontario": (("Québec", "Quebec"), ("Ontario",))}


def raw_agreements(request):
    where, params = [f"a.publication = {PUBLISHED}"], []
    # Each party holds its organization's region (agreements.receivers keeps it); a
    # draft organization is no party to the public.
    side = (
        "EXISTS (SELECT 1 FROM agreements_party p "
        "WHERE p.agreement_id = a.id AND p.organization_region IN ({regions}) "
        "AND NOT EXISTS (SELECT 1 FROM organizations_organization po "
        "WHERE po.id = p.organization_id AND po.publication = 'draft'))"
    )
    if corridor := request.GET.get("corridor"):
        for regions in RAW_CORRIDORS[corridor]:
            where.append(side.format(regions=marks(regions)))
            params += regions
    if theme := request.GET.get("theme"):
        where.append(
            "EXISTS (SELECT 1 FROM agreements_agreement_themes t "
            "JOIN organizations_sector s ON s.id = t.sector_id "
            "WHERE t.agreement_id = a.id AND s.slug = %s)"
        )
        params.append(theme)
    matching = f"FROM agreements_agreement a WHERE {' AND '.join(where)}"
    total = bounded_count(f"SELECT 1 {matching}", params)
    rows = fetch(
        f"SELECT {AGREEMENT_CARD} {matching} "
        f"ORDER BY a.signed_on DESC NULLS LAST, a.id LIMIT {PAGE_SIZE} OFFSET %s",
        [*params, page_offset(request)],
    )
    return "Agreements", total, [Section("Results", agreement_cards(rows), "/en/agreements/")]


EVENT_CARD = (
    "e.slug, e.name_en, e.edition, e.start_date, e.end_date, e.date_precision, e.kind, "
    "e.city, e.region, e.country"
)


def raw_events(request):
    upcoming, params = upcoming_sql("e")
    where = [upcoming, f"e.publication = {PUBLISHED}"]
    if organizer := request.GET.get("organizer"):
        where.append(
            "EXISTS (SELECT 1 FROM events_eventorganization r WHERE r.event_id = e.id "
            "AND r.role = 'organizer' AND r.organization_id = %s)"
        )
        params.append(organization_id(organizer))
    matching = f"FROM events_event e WHERE {' AND '.join(where)}"
    total = bounded_count(f"SELECT 1 {matching}", params)
    rows = fetch(
        f"SELECT {EVENT_CARD}, s.name_en FROM events_event e "
        "LEFT JOIN events_series s ON s.id = e.series_id "
        f"WHERE {' AND '.join(where)} "
        f"ORDER BY {upcoming_order('e')} LIMIT {PAGE_SIZE} OFFSET %s",
        [*params, page_offset(request)],
    )
    return "Events", total, [Section("Results", rows, "/en/events/")]


def raw_events_month(request):
    """This month's events, as the month calendar reads them (``events.month``)."""
    today = timezone.localdate()
    first = today.replace(day=1)
    last = (first + datetime.timedelta(days=31)).replace(day=1) - datetime.timedelta(days=1)
    rows = fetch(
        "SELECT e.slug, e.name_en, e.edition, e.start_date, e.end_date, e.date_precision "
        f"FROM events_event e WHERE e.publication = {PUBLISHED} AND ("
        "(e.date_precision = 'day' AND e.start_date <= %s "
        "AND COALESCE(e.end_date, e.start_date) >= %s) "
        "OR (e.date_precision = 'month' AND e.start_date BETWEEN %s AND %s)) "
        f"ORDER BY e.start_date, e.id LIMIT {MONTH_CAP + 1}",
        [last, first, first, last],
    )
    return "Events this month", None, [Section("Results", rows, "/en/events/")]


def raw_benefits(request):
    today = timezone.localdate()
    # Claimable today: open, of a published agreement in force (members.claims).
    current = (
        "(b.valid_from IS NULL OR b.valid_from <= %s) AND (b.valid_until IS NULL "
        "OR b.valid_until >= %s) AND b.agreement_id IN (SELECT a.id FROM "
        f"agreements_agreement a WHERE a.publication = 'published' AND {AGREEMENT_STATE} "
        "= 'in_force')"
    )
    if not (slug := request.GET.get("association")):
        rows = fetch(
            "SELECT o.slug, o.name_en FROM organizations_organization o WHERE o.id IN ("
            "SELECT g.organization_id FROM agreements_benefit_granted_to g "
            f"JOIN agreements_benefit b ON b.id = g.benefit_id WHERE {current}) "
            "ORDER BY o.name_en, o.id LIMIT 30",
            [today, today],
        )
        return "Member benefits", None, [Section("Associations", rows, "?association=")]
    association, name = fetch_one(
        "SELECT id, name_en FROM organizations_organization WHERE slug = %s", [slug]
    )
    rows = fetch(
        "SELECT a.slug, a.title_en, b.category, b.description_en, "
        "CASE WHEN b.claim_visibility = 'public' THEN b.how_to_claim_en ELSE '' END, "
        "b.valid_until FROM agreements_benefit b "
        "JOIN agreements_benefit_granted_to g ON g.benefit_id = b.id "
        "JOIN agreements_agreement a ON a.id = b.agreement_id "
        f"WHERE g.organization_id = %s AND {current} ORDER BY b.category, a.title_en, b.id",
        [association, today, today],
    )
    return f"Benefits for members of {name}", None, [Section("Benefits", rows, "/en/agreements/")]


def raw_organization(request):
    row = fetch_one(
        "SELECT id, slug, name_en, acronym_en, kind, city, region, country, founded_year, "
        "member_count, website, description_en FROM organizations_organization WHERE slug = %s",
        [request.GET["slug"]],
    )
    pk = row[0]
    sectors = fetch(
        "SELECT s.slug, s.name_en FROM organizations_sector s "
        "JOIN organizations_organization_sectors os ON os.sector_id = s.id "
        "WHERE os.organization_id = %s ORDER BY s.name_en",
        [pk],
    )
    relationships = fetch(
        "SELECT o.slug, o.name_en, r.kind, r.since, r.note_en FROM organizations_relationship r "
        "JOIN organizations_organization o ON o.id = r.object_id WHERE r.subject_id = %s "
        "UNION ALL SELECT o.slug, o.name_en, r.kind, r.since, '' "
        "FROM organizations_relationship r "
        "JOIN organizations_organization o ON o.id = r.subject_id WHERE r.object_id = %s",
        [pk, pk],
    )
    agreements = fetch(
        f"SELECT {AGREEMENT_CARD} FROM agreements_agreement a WHERE EXISTS (SELECT 1 "
        "FROM agreements_party p WHERE p.agreement_id = a.id AND p.organization_id = %s) "
        "ORDER BY a.signed_on DESC NULLS LAST, a.id",
        [pk],
    )
    partners = fetch(
        "SELECT DISTINCT o.slug, o.name_en FROM agreements_party p "
        "JOIN agreements_party mine ON mine.agreement_id = p.agreement_id "
        "JOIN organizations_organization o ON o.id = p.organization_id "
        "WHERE mine.organization_id = %s AND p.organization_id <> %s ORDER BY o.name_en",
        [pk, pk],
    )
    events = fetch(
        f"SELECT {EVENT_CARD} FROM events_event e WHERE EXISTS (SELECT 1 FROM "
        "events_eventorganization r WHERE r.event_id = e.id AND r.organization_id = %s) "
        "ORDER BY e.start_date DESC",
        [pk],
    )
    contacts = fetch(
        "SELECT name, title_en, phone, email FROM organizations_contact "
        "WHERE organization_id = %s AND visibility = 'public' ORDER BY name",
        [pk],
    )
    return (
        row[2],
        None,
        [
            Section("Facts", [row[1:]]),
            Section("Sectors", sectors, "/en/organizations/?sector="),
            Section("Relationships", relationships, "/en/organizations/"),
            Section("Agreements", agreement_cards(agreements), "/en/agreements/"),
            Section("Partners", partners, "/en/organizations/"),
            Section("Events", events, "/en/events/"),
            Section("Contacts", contacts),
        ],
    )


def raw_agreement(request):
    row = fetch_one(
        f"SELECT a.id, a.slug, a.title_en, a.kind, {AGREEMENT_STATE}, a.signed_on, "
        "a.signing_place_en, a.effective_from, a.effective_until, a.ends_on, a.summary_en, "
        "a.objectives_en, "
        "e.slug, e.name_en, r.slug, r.title_en FROM agreements_agreement a "
        "LEFT JOIN events_event e ON e.id = a.signing_event_id "
        "LEFT JOIN agreements_agreement r ON r.id = a.renews_id WHERE a.slug = %s",
        [request.GET["slug"]],
    )
    pk = row[0]
    parties = fetch(
        "SELECT o.slug, o.name_en, p.role, c.name, p.signed_by_title_en FROM agreements_party p "
        "JOIN organizations_organization o ON o.id = p.organization_id "
        "LEFT JOIN organizations_contact c ON c.id = p.signed_by_id AND c.visibility = 'public' "
        "WHERE p.agreement_id = %s ORDER BY p.role, o.name_en",
        [pk],
    )
    themes = fetch(
        "SELECT s.slug, s.name_en FROM organizations_sector s "
        "JOIN agreements_agreement_themes t ON t.sector_id = s.id "
        "WHERE t.agreement_id = %s ORDER BY s.name_en",
        [pk],
    )
    benefits = fetch(
        "SELECT id, category, description_en, "
        "CASE WHEN claim_visibility = 'public' THEN how_to_claim_en ELSE '' END "
        "FROM agreements_benefit WHERE agreement_id = %s ORDER BY category, id",
        [pk],
    )
    granted = grouped(
        "SELECT g.benefit_id, o.name_en FROM agreements_benefit_granted_to g "
        "JOIN organizations_organization o ON o.id = g.organization_id "
        "WHERE g.benefit_id IN ({ids}) ORDER BY o.name_en",
        [benefit[0] for benefit in benefits],
    )
    commitments = fetch(
        "SELECT description_en, status, due_on, progress_note_en FROM agreements_commitment "
        "WHERE agreement_id = %s ORDER BY id",
        [pk],
    )
    sources = fetch(
        "SELECT url, title, language, published_on FROM agreements_sourcedocument "
        "WHERE agreement_id = %s ORDER BY id",
        [pk],
    )
    renewals = fetch(
        "SELECT slug, title_en, signed_on FROM agreements_agreement WHERE renews_id = %s "
        "ORDER BY signed_on DESC NULLS LAST, id",
        [pk],
    )
    events = fetch(
        "SELECT e.slug, e.name_en, e.start_date FROM events_event e "
        "JOIN events_event_related_agreements x ON x.event_id = e.id "
        "WHERE x.agreement_id = %s ORDER BY e.start_date",
        [pk],
    )
    return (
        row[2],
        None,
        [
            Section("Facts", [row[1:]]),
            Section("Parties", parties, "/en/organizations/"),
            Section("Themes", themes, "/en/agreements/?theme="),
            Section(
                "Benefits",
                [(*benefit[1:], ", ".join(granted.get(benefit[0], []))) for benefit in benefits],
            ),
            Section("Commitments", commitments),
            Section("Sources", sources),
            Section("Renewed by", renewals, "/en/agreements/"),
            Section("Events", events, "/en/events/"),
        ],
    )


def raw_event(request):
    row = fetch_one(
        f"SELECT e.id, {EVENT_CARD}, e.start_time, e.end_time, e.time_zone, e.venue, "
        "e.online_url, e.registration_url, e.member_rate_note_en, e.description_en, "
        "s.slug, s.name_en FROM events_event e "
        "LEFT JOIN events_series s ON s.id = e.series_id WHERE e.slug = %s",
        [request.GET["slug"]],
    )
    pk = row[0]
    roles = fetch(
        "SELECT o.slug, o.name_en, r.role FROM events_eventorganization r "
        "JOIN organizations_organization o ON o.id = r.organization_id "
        "WHERE r.event_id = %s ORDER BY r.role, o.name_en",
        [pk],
    )
    agreements = fetch(
        f"SELECT {AGREEMENT_CARD} FROM agreements_agreement a WHERE a.signing_event_id = %s "
        f"UNION ALL SELECT {AGREEMENT_CARD} FROM agreements_agreement a "
        "JOIN events_event_related_agreements x ON x.agreement_id = a.id WHERE x.event_id = %s",
        [pk, pk],
    )
    return (
        row[2],
        None,
        [
            Section("Facts", [row[1:]]),
            Section("Organizers and participants", roles, "/en/organizations/"),
            Section("Agreements", agreement_cards(agreements), "/en/agreements/"),
        ],
    )


def raw_series(request):
    row = fetch_one(
        "SELECT s.id, s.slug, s.name_en, s.website, s.description_en, o.slug, o.name_en "
        "FROM events_series s LEFT JOIN organizations_organization o ON o.id = s.organizer_id "
        "WHERE s.slug = %s",
        [request.GET["slug"]],
    )
    upcoming, params = upcoming_sql("e")
    shown = "LIMIT 50"
    later = fetch(
        f"SELECT {EVENT_CARD} FROM events_event e WHERE e.series_id = %s AND {upcoming} "
        f"ORDER BY e.start_date, e.id {shown}",
        [row[0], *params],
    )
    earlier = fetch(
        f"SELECT {EVENT_CARD} FROM events_event e WHERE e.series_id = %s AND NOT {upcoming} "
        f"ORDER BY e.start_date DESC, e.id DESC {shown}",
        [row[0], *params],
    )
    return (
        row[2],
        None,
        [
            Section("Facts", [row[1:]]),
            Section("Upcoming", later, "/en/events/"),
            Section("Past", earlier, "/en/events/"),
        ],
    )


def raw_network(request):
    """This year's partnership network (partners.network): the 150 organizations with
    most agreements standing this year, the lines between them, and each one's partners."""
    today = timezone.localdate()
    first = today.replace(month=1, day=1)
    standing = (
        "a.publication = 'published' AND a.status = 'signed' "
        "AND (a.signed_on <= %s OR a.signed_on IS NULL) AND (a.ends_on IS NULL OR a.ends_on >= %s) "
        "AND NOT EXISTS (SELECT 1 FROM agreements_agreement n WHERE n.renews_id = a.id "
        "AND n.publication = 'published' AND (n.status = 'signed' OR (n.status = 'terminated' "
        "AND n.signed_on IS NOT NULL)) AND (n.signed_on <= %s OR n.signed_on IS NULL))"
    )
    standing_params = [today, first, today]
    published = (
        "NOT EXISTS (SELECT 1 FROM organizations_organization d WHERE d.id = {column} "
        "AND d.publication = 'draft')"
    )
    counted = fetch(
        "SELECT p.organization_id, COUNT(*) AS n, COUNT(*) OVER () FROM agreements_party p "
        f"JOIN agreements_agreement a ON a.id = p.agreement_id WHERE {standing} "
        f"AND {published.format(column='p.organization_id')} "
        "GROUP BY p.organization_id ORDER BY n DESC, p.organization_id LIMIT 150",
        standing_params,
    )
    ids = [row[0] for row in counted]
    total = counted[0][2] if counted else 0
    if not ids:
        return "Partnership network", total, []
    names = dict(
        fetch(f"SELECT id, name_en FROM organizations_organization WHERE id IN ({marks(ids)})", ids)
    )

    def pairs(join=""):
        return (
            "FROM agreements_party p JOIN agreements_party q ON q.agreement_id = p.agreement_id "
            f"JOIN agreements_agreement a ON a.id = p.agreement_id {join} WHERE {standing} "
            f"AND p.organization_id IN ({marks(ids)}) "
        )

    edges = fetch(
        f"SELECT p.organization_id, q.organization_id, COUNT(*) {pairs()}"
        f"AND q.organization_id > p.organization_id AND q.organization_id IN ({marks(ids)}) "
        "GROUP BY p.organization_id, q.organization_id",
        [*standing_params, *ids, *ids],
    )
    partner = "JOIN organizations_organization o ON o.id = q.organization_id"
    partners = fetch(
        "SELECT organization_id, partners, together, name FROM (SELECT p.organization_id, "
        "COUNT(*) AS together, o.name_en AS name, "
        "COUNT(*) OVER (PARTITION BY p.organization_id) AS partners, "
        "ROW_NUMBER() OVER (PARTITION BY p.organization_id ORDER BY COUNT(*) DESC, o.name_en, "
        f"o.id) AS position {pairs(partner)} AND q.organization_id <> p.organization_id "
        f"AND {published.format(column='q.organization_id')} "
        "GROUP BY p.organization_id, o.id, o.name_en) AS ranked WHERE position <= 3 "
        "ORDER BY organization_id, position",
        [*standing_params, *ids],
    )
    top = {}
    for organization_id, count, together, name in partners:
        top.setdefault(organization_id, [count]).append(f"{name} ({together})")
    rows = [(names[pk], agreements, *top.get(pk, [0])) for pk, agreements, _total in counted]
    lines = [(names[a], names[b], n) for a, b, n in edges]
    return (
        "Partnership network",
        total,
        [Section("Organizations", rows), Section("Lines", lines)],
    )


# The page between two organizations keeps this many records of each list (partners.between).
BETWEEN_SHOWN = 200


def raw_between(request):
    first, second = (
        fetch_one(
            "SELECT id, slug, name_en FROM organizations_organization "
            f"WHERE slug = %s AND publication = {PUBLISHED}",
            [request.GET[key]],
        )
        for key in ("slug", "other")
    )
    ids = [first[0], second[0]]
    # A relationship either way.
    both = [*ids, *ids[::-1]]
    shared = (
        f"SELECT a.id FROM agreements_agreement a WHERE a.publication = {PUBLISHED} "
        "AND a.id IN (SELECT agreement_id FROM agreements_party WHERE organization_id = %s) "
        "AND a.id IN (SELECT agreement_id FROM agreements_party WHERE organization_id = %s)"
    )
    together = (
        f"SELECT e.id FROM events_event e WHERE e.publication = {PUBLISHED} "
        "AND e.id IN (SELECT event_id FROM events_eventorganization WHERE organization_id = %s) "
        "AND e.id IN (SELECT event_id FROM events_eventorganization WHERE organization_id = %s)"
    )
    related = (
        "FROM organizations_relationship r WHERE (r.subject_id = %s AND r.object_id = %s) "
        "OR (r.subject_id = %s AND r.object_id = %s)"
    )
    summary = fetch_one(
        f"SELECT (SELECT COUNT(*) FROM ({shared}) s), "
        f"(SELECT COUNT(*) FROM agreements_agreement a WHERE a.id IN ({shared}) "
        f"AND {AGREEMENT_STATE} = 'in_force'), "
        f"(SELECT COUNT(*) FROM ({together}) t), "
        f"(SELECT COUNT(*) FROM agreements_commitment c WHERE c.agreement_id IN ({shared})), "
        f"(SELECT COUNT(*) {related}), "
        f"(SELECT MIN(a.signed_on) FROM agreements_agreement a WHERE a.id IN ({shared})), "
        f"(SELECT MIN(e.start_date) FROM events_event e WHERE e.id IN ({together})), "
        f"(SELECT MIN(r.since) {related})",
        [*ids * 4, *both, *ids * 2, *both],
    )
    agreements = fetch(
        f"SELECT a.slug, a.title_en, a.kind, {AGREEMENT_STATE}, a.signed_on, a.ends_on, "
        "r.slug, r.title_en, "
        "(SELECT p.role FROM agreements_party p WHERE p.agreement_id = a.id "
        "AND p.organization_id = %s LIMIT 1), "
        "(SELECT p.role FROM agreements_party p WHERE p.agreement_id = a.id "
        "AND p.organization_id = %s LIMIT 1) "
        "FROM agreements_agreement a LEFT JOIN agreements_agreement r ON r.id = a.renews_id "
        f"WHERE a.id IN ({shared}) ORDER BY a.signed_on DESC NULLS LAST, a.id DESC "
        f"LIMIT {BETWEEN_SHOWN}",
        [*ids, *ids],
    )
    events = fetch(
        f"SELECT {EVENT_CARD}, "
        "(SELECT r.role FROM events_eventorganization r WHERE r.event_id = e.id "
        "AND r.organization_id = %s LIMIT 1), "
        "(SELECT r.role FROM events_eventorganization r WHERE r.event_id = e.id "
        "AND r.organization_id = %s LIMIT 1) "
        f"FROM events_event e WHERE e.id IN ({together}) ORDER BY e.start_date DESC, e.id DESC "
        f"LIMIT {BETWEEN_SHOWN}",
        [*ids, *ids],
    )
    commitments = fetch(
        "SELECT a.slug, c.description_en, c.status, c.due_on, c.progress_note_en, a.title_en "
        "FROM agreements_commitment c JOIN agreements_agreement a ON a.id = c.agreement_id "
        f"WHERE c.agreement_id IN ({shared}) ORDER BY c.due_on DESC NULLS LAST, c.id DESC "
        f"LIMIT {BETWEEN_SHOWN}",
        ids,
    )
    relationships = fetch(
        f"SELECT r.kind, r.subject_id, r.object_id, r.since, r.until, r.note_en {related}",
        both,
    )
    return (
        f"{first[2]} and {second[2]}",
        None,
        [
            Section("Summary", [summary]),
            Section("Agreements", agreements, "/en/agreements/"),
            Section("Events", events, "/en/events/"),
            Section("Commitments", commitments, "/en/agreements/"),
            Section("Relationships", relationships),
        ],
    )


RAW_PAGES = {
    "organizations": raw_organizations,
    "agreements": raw_agreements,
    "events": raw_events,
    "events-month": raw_events_month,
    "benefits": raw_benefits,
    "organization": raw_organization,
    "agreement": raw_agreement,
    "event": raw_event,
    "series": raw_series,
    "network": raw_network,
    "between": raw_between,
}


@functools.cache
def raw_template():
    return engines["django"].from_string(RAW_TEMPLATE)


def raw_page(request, name):
    title, total, sections = RAW_PAGES[name](request)
    context = {"title": title, "total": total, "sections": sections}
    return HttpResponse(raw_template().render(context))


# The raw pages' URLs: this module is their URLconf (RawPagesMiddleware).
urlpatterns = [path(f"{RAW_PREFIX.strip('/')}/<str:name>/", raw_page)]


class RawPagesMiddleware:
    """Route RAW_PREFIX to this module's raw pages; the rest of the stack runs as for any page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(RAW_PREFIX):
            request.urlconf = __name__
        return self.get_response(request)


def raw_url(name, **params):
    return f"{RAW_PREFIX}{name}/" + (f"?{urlencode(params)}" if params else "")


# What is measured ----------------------------------------------------------------

FIRST_VISIT, CACHED = "first visit", "cached"


@dataclass
class Comparison:
    """A page ÷ a reference: another URL, or (reference None) the page's own DB time."""

    group: str
    label: str
    url: str
    reference: str | None
    reference_label: str
    target: float | None = None
    mode: str = FIRST_VISIT
    page_sql: int = 0
    reference_sql: int | None = None
    page_ms: list[float] = field(default_factory=list)
    reference_ms: list[float] = field(default_factory=list)
    db_ms: list[float] = field(default_factory=list)
    ratios: list[float] = field(default_factory=list)
    # Timed first visits that ran no SQL although their warm-up did: cache hits.
    from_cache: int = 0


GROUPS = {
    "lists": "List pages, first visit, ÷ a raw-SQL page of the same rows",
    "filters": "Lists with a filter, first visit, ÷ raw SQL",
    "details": "Detail pages, first visit, ÷ raw SQL",
    "cached": "Anonymous pages from the page cache (second request) ÷ a static file",
    "api": "API",
    "corridors": "Corridor pages, first visit, ÷ their DB time",
    "scaling": "Deeper pages",
}

LIST_TARGET = DETAIL_TARGET = CACHED_TARGET = API_TARGET = 3
API_GROWTH_TARGET = 4.5


@dataclass
class Targets:
    """Records picked from the data: the busiest ones, where a page has the most to show."""

    organization: Organization | None
    partner: str | None
    agreement: Agreement | None
    event: Event | None
    series: Series | None
    association: Organization | None
    organizer: Organization | None
    country: str | None
    sector: str | None
    theme: str | None
    # The corridor with the most agreements (partners.corridors).
    corridor: str | None = None
    # Two organizations' slugs, in their page's order: the busiest organization and the
    # partner it shares the most agreements with.
    pair: tuple[str, str] | None = None

    @classmethod
    def pick(cls):
        organization = (
            Organization.objects.annotate(n=Count("parties")).filter(n__gt=0).order_by("-n", "id")
        ).first()
        today = timezone.localdate()
        # The events list shows upcoming events, the benefits page current benefits.
        organizer_id = most_common(
            EventOrganization.objects.filter(
                role=EventRole.ORGANIZER, event__in=Event.objects.upcoming(today).order_by()
            ),
            "organization_id",
        )
        association_id = most_common(
            Benefit.granted_to.through.objects.filter(
                benefit__in=Benefit.objects.claimable(today).order_by()
            ),
            "organization_id",
        )
        sector_id = most_common(Organization.sectors.through.objects, "sector_id")
        theme_id = most_common(Agreement.themes.through.objects, "sector_id")
        agreement_id = most_common(Party.objects, "agreement_id")
        event_id = most_common(EventOrganization.objects, "event_id")
        series_id = most_common(Event.objects.exclude(series=None), "series_id")
        return cls(
            pair=busiest_pair(organization) if organization else None,
            organization=organization,
            partner=lookup_text(organization) if organization else None,
            agreement=Agreement.objects.filter(pk=agreement_id).first(),
            event=Event.objects.filter(pk=event_id).first(),
            series=Series.objects.filter(pk=series_id).first(),
            association=Organization.objects.filter(pk=association_id).first(),
            organizer=Organization.objects.filter(pk=organizer_id).first(),
            country=most_common(Organization.objects.exclude(country=""), "country"),
            sector=Sector.objects.filter(pk=sector_id).values_list("slug", flat=True).first(),
            theme=Sector.objects.filter(pk=theme_id).values_list("slug", flat=True).first(),
            corridor=next((c.slug for c in corridor_index(today).corridors), None),
        )


def busiest_pair(organization):
    """``organization`` and the partner it shares the most agreements with, as the
    slugs of their page (in ascending order)."""
    partner_id = most_common(
        Party.objects.filter(agreement__party_set__organization=organization).exclude(
            organization=organization
        ),
        "organization_id",
    )
    if partner_id is None:
        return None
    partner = Organization.objects.filter(pk=partner_id).values_list("slug", flat=True).first()
    return tuple(sorted([organization.slug, partner])) if partner else None


def most_common(queryset, column):
    row = queryset.values(column).annotate(n=Count("*")).order_by("-n", column).first()
    return row[column] if row else None


def lookup_text(organization):
    """What a visitor types in a lookup box: the name, when no other record has it."""
    name = organization.name_en
    same = Q(name_en__iexact=name) | Q(name_fr__iexact=name)
    same |= Q(acronym_en__iexact=name) | Q(acronym_fr__iexact=name)
    return name if Organization.objects.filter(same).count() == 1 else organization.slug


def english(name, query=None, **kwargs):
    with translation.override("en"):
        url = reverse(name, kwargs=kwargs or None)
    return url + (f"?{urlencode(query)}" if query else "")


def last_page(queryset):
    return max(1, math.ceil(min(queryset.count(), RESULT_CAP) / PAGE_SIZE))


def filtered_lists(targets):
    """(label, list URL name, raw page, parameter, value) of each filter measured."""
    organizer = targets.organizer and lookup_text(targets.organizer)
    found = [
        ("organizations ?country", "organizations:list", "organizations", "country"),
        ("organizations ?sector", "organizations:list", "organizations", "sector"),
        ("organizations ?partner", "organizations:list", "organizations", "partner"),
        ("agreements ?corridor", "agreements:list", "agreements", "corridor"),
        ("agreements ?theme", "agreements:list", "agreements", "theme"),
        ("events ?organizer", "events:list", "events", "organizer"),
    ]
    values = [targets.country, targets.sector, targets.partner, "quebec-ontario", targets.theme]
    values.append(organizer)
    return [(*row, value) for row, value in zip(found, values, strict=True) if value]


def detail_pages(targets):
    """(raw page, URL name, record) of each detail page measured."""
    found = [
        ("organization", "organizations:detail", targets.organization),
        ("agreement", "agreements:detail", targets.agreement),
        ("event", "events:detail", targets.event),
        ("series", "events:series", targets.series),
    ]
    return [row for row in found if row[2] is not None]


def comparisons(targets):
    """Every page measured, with its reference, in report order."""
    found = []

    def add(group, label, url, reference, reference_label="raw SQL", **kwargs):
        found.append(Comparison(group, label, url, reference, reference_label, **kwargs))

    lists = [
        ("organizations", english("organizations:list"), raw_url("organizations")),
        ("agreements", english("agreements:list"), raw_url("agreements")),
        ("events (upcoming)", english("events:list"), raw_url("events")),
        ("events calendar (this month)", english("events:calendar_page"), raw_url("events-month")),
        ("benefits", english("benefits:list"), raw_url("benefits")),
        ("network", english("partners:network"), raw_url("network")),
    ]
    if targets.association:
        query = {"association": targets.association.slug}
        lists.append(
            (
                "benefits of an association",
                english("benefits:list", query),
                raw_url("benefits", **query),
            )
        )
    for label, url, raw in lists:
        add("lists", label, url, raw, target=LIST_TARGET)
    # The map reads every organization's place and the agreements between places
    # (partners.map): measured against the directory's first page in raw SQL.
    add("lists", "map", english("partners:map"), raw_url("organizations"), target=LIST_TARGET)
    for label, list_name, raw_name, key, value in filtered_lists(targets):
        url, raw = english(list_name, {key: value}), raw_url(raw_name, **{key: value})
        add("filters", label, url, raw, target=LIST_TARGET)
    for name, url_name, record in detail_pages(targets):
        url, raw = english(url_name, slug=record.slug), raw_url(name, slug=record.slug)
        add("details", name, url, raw, target=DETAIL_TARGET)
    if targets.pair:
        slug, other = targets.pair
        url = english("partners:between", slug=slug, other=other)
        raw = raw_url("between", slug=slug, other=other)
        add("details", "between two organizations", url, raw, target=DETAIL_TARGET)

    # The corridor pages read what no raw page reads: measured against their DB time.
    add("corridors", "corridors", english("partners:corridors"), None, "its DB time")
    if targets.corridor:
        url = english("partners:corridor", slug=targets.corridor)
        add("corridors", "busiest corridor", url, None, "its DB time", target=DETAIL_TARGET)

    static_file = (static(STATIC_FILE), f"static {STATIC_FILE}")
    cached = [("home", english("home")), ("organizations", english("organizations:list"))]
    if targets.organization:
        slug = targets.organization.slug
        cached.append(("organization", english("organizations:detail", slug=slug)))
    for label, url in cached:
        add("cached", label, url, *static_file, target=CACHED_TARGET, mode=CACHED)

    # The page size parameter: api.pagination's page_size_query_param.
    for label in ("organizations", "agreements", "events", "benefits"):
        endpoint = english(f"api:{label.removesuffix('s')}-list")
        add(
            "api",
            f"{label}, 50",
            f"{endpoint}?page_size=50",
            None,
            "its DB time",
            target=API_TARGET,
        )
    api = english("api:organization-list")
    add("api", "organizations, 200", f"{api}?page_size=200", None, "its DB time")
    add(
        "api",
        "organizations, 200",
        f"{api}?page_size=200",
        f"{api}?page_size=50",
        "50 rows",
        target=API_GROWTH_TARGET,
    )

    for label, list_name, queryset in (
        ("organizations", "organizations:list", Organization.objects.all()),
        ("agreements", "agreements:list", Agreement.objects.all()),
    ):
        last = english(list_name, {"page": last_page(queryset)})
        add("scaling", f"{label}, last page", last, english(list_name), "first page")
    # Sorted by a count of each organization's agreements: one grouped join over them all.
    add(
        "scaling",
        "organizations, most agreements",
        english("organizations:list", {"sort": "agreements"}),
        english("organizations:list"),
        "by name",
    )
    return found


def loadtest_urls(targets):
    """The URL mix of ``make loadtest``, as (group, path)."""
    urls = [("home", english("home")), ("home", "/fr/")]
    for name in (
        "organizations:list",
        "agreements:list",
        "events:list",
        "benefits:list",
        "partners:network",
    ):
        urls.append(("list", english(name)))
    page = min(3, last_page(Organization.objects.all()))
    urls.append(("list", english("organizations:list", {"page": page})))
    for _label, list_name, _raw, key, value in filtered_lists(targets):
        urls.append(("filter", english(list_name, {key: value})))
    if targets.association:
        urls.append(("filter", english("benefits:list", {"association": targets.association.slug})))
    for _name, url_name, record in detail_pages(targets):
        urls.append(("detail", english(url_name, slug=record.slug)))
    if targets.pair:
        slug, other = targets.pair
        urls.append(("detail", english("partners:between", slug=slug, other=other)))
    urls += [
        ("search", english("search", {"q": "quebec"})),
        ("search", english("search", {"q": "life sciences ontario"})),
        ("api", english("api:organization-list") + "?page_size=50"),
        ("api", english("api:agreement-list")),
        ("api", english("api:event-list")),
        ("static", static(STATIC_FILE)),
    ]
    return urls


# The command ----------------------------------------------------------------------


def median(values):
    return statistics.median(values) if values else math.nan


@dataclass
class Timing:
    ms: float
    db_ms: float
    statements: int


def page_cache_off():
    """No request is answered from the page cache or stored in it; everything else
    cached (counts, forms, totals) stays as it is."""
    return mock.patch.object(
        AnonymousPageCacheMiddleware, "key", staticmethod(lambda request: None)
    )


class Command(BaseCommand):
    help = (
        "Measure list, detail, cached and API pages against raw SQL, a static file and "
        "their DB time (the data as found unless --sizes)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rounds", type=int, default=12, help="Timed rounds (default 12).")
        parser.add_argument(
            "--sizes",
            type=int,
            nargs="+",
            metavar="N",
            help="Regenerate the synthetic data at each number of organizations and compare "
            "the largest with the smallest (e.g. --sizes 1000 100000).",
        )
        parser.add_argument(
            "--cold",
            action="store_true",
            help="Clear the whole cache before each first visit (not only skip the page cache).",
        )
        parser.add_argument(
            "--only",
            nargs="+",
            metavar="WORD",
            help="Measure only the pages whose group or label contains one of these words "
            "(e.g. --only details api).",
        )
        parser.add_argument(
            "--print-urls",
            action="store_true",
            help="Print make loadtest's URL mix (group<TAB>path), picked from the data, and stop.",
        )

    def handle(self, *args, rounds, sizes, cold, print_urls, only, **options):
        if rounds < 1:
            raise CommandError("--rounds must be at least 1.")
        if sizes and min(sizes) < 1:
            raise CommandError("Every size must be at least 1.")
        if print_urls:
            for group, url in loadtest_urls(Targets.pick()):
                self.stdout.write(f"{group}\t{url}")
            return
        self.cold = cold
        self.only = only
        if not sizes and not Organization.objects.exists():
            self.stdout.write("The database holds no organization: generating the default size…")
            call_command("generate_data", verbosity=0)
        columns = []
        for size in sizes or [None]:
            if size is not None:
                self.generate(size)
            found = self.measure(rounds)
            self.report(found, rounds)
            columns.append((self.counts(), found))
        if len(columns) > 1:
            self.write_growth(columns)

    def counts(self):
        return {
            "organizations": Organization.objects.count(),
            "agreements": Agreement.objects.count(),
            "events": Event.objects.count(),
            "benefits": Benefit.objects.count(),
        }

    def generate(self, size):
        generate_at_size(size, self.stdout)

    # Measuring.

    def measure(self, rounds):
        found = comparisons(Targets.pick())
        if self.only:
            found = [c for c in found if any(w in f"{c.group} {c.label}" for w in self.only)]
        with override_settings(
            # The test Client's host, which a production ALLOWED_HOSTS does not list.
            ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
            MIDDLEWARE=[f"{__name__}.RawPagesMiddleware", *settings.MIDDLEWARE],
            # The API's limit per address would refuse the rounds; it still runs.
            API_ANON_RATE="1000000/minute",
        ):
            client = Client()
            for comparison in found:
                self.warm_up(client, comparison)
            for number in range(rounds):
                for comparison in found:
                    self.time_round(client, comparison, reference_first=number % 2 == 1)
        return found

    def warm_up(self, client, comparison):
        """Request page and reference once (twice for a cached page), counting their SQL."""
        comparison.page_sql = self.count_sql(client, comparison.url, comparison.mode)
        if comparison.reference is not None:
            comparison.reference_sql = self.count_sql(client, comparison.reference, FIRST_VISIT)

    def count_sql(self, client, url, mode):
        with self.visit(client, url, mode), CaptureQueriesContext(connection) as captured:
            self.get(client, url)
        return len(captured.captured_queries)

    @contextmanager
    def visit(self, client, url, mode):
        """A first visit skips the page cache; a cached page is requested once before."""
        if mode == CACHED:
            self.get(client, url)
            yield
            return
        if self.cold:
            cache.clear()
        with page_cache_off() if not self.cold else nullcontext():
            yield

    def time_round(self, client, comparison, reference_first):
        if comparison.reference is None:
            page = self.timed(client, comparison.url, comparison.mode)
            comparison.db_ms.append(page.db_ms)
            comparison.page_ms.append(page.ms)
            comparison.reference_ms.append(page.db_ms)
            comparison.ratios.append(page.ms / max(page.db_ms, 0.001))
            return
        if reference_first:
            reference = self.timed(client, comparison.reference, FIRST_VISIT)
        page = self.timed(client, comparison.url, comparison.mode)
        if not reference_first:
            reference = self.timed(client, comparison.reference, FIRST_VISIT)
        if comparison.mode == FIRST_VISIT and comparison.page_sql and not page.statements:
            comparison.from_cache += 1
        comparison.page_ms.append(page.ms)
        comparison.db_ms.append(page.db_ms)
        comparison.reference_ms.append(reference.ms)
        comparison.ratios.append(page.ms / reference.ms)

    def timed(self, client, url, mode):
        statement_ms = []

        def timed_execute(execute, sql, params, many, context):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                statement_ms.append((time.perf_counter() - started) * 1000)

        with self.visit(client, url, mode), connection.execute_wrapper(timed_execute):
            started = time.perf_counter()
            self.get(client, url)
            elapsed = (time.perf_counter() - started) * 1000
        return Timing(elapsed, sum(statement_ms), len(statement_ms))

    def get(self, client, url):
        # secure=True: the page as served over HTTPS, whatever SECURE_SSL_REDIRECT says.
        response = client.get(url, secure=True)
        if response.streaming:
            # A static file: whitenoise streams it; reading it is part of serving it.
            # (The test client closes the response once it has been read, as a server
            # would; closing it here would also close the database connection.)
            b"".join(response.streaming_content)
        if response.status_code != 200:
            hint = " (run collectstatic first)" if url.startswith(settings.STATIC_URL) else ""
            raise CommandError(f"{url} answered {response.status_code}, not 200{hint}.")
        return response

    # Reporting.

    def report(self, found, rounds):
        write = self.stdout.write
        counts = self.counts()
        write("")
        write(
            f"Page benchmark on {connection.vendor} {self.server_version()}: "
            + ", ".join(f"{count:,} {name}" for name, count in counts.items())
            + "."
        )
        write(
            f"Medians of {rounds} interleaved round{'s' if rounds > 1 else ''} after one "
            "warm-up, through Django's test Client and the whole middleware; a ratio is the "
            "median of the per-round ratios."
        )
        write(
            "First visits: "
            + (
                "the whole cache cleared before each (--cold)."
                if self.cold
                else "the page cache off, other cached figures warm."
            )
        )
        write(
            "sql: queries of the page / of its reference (CaptureQueriesContext, at the "
            "warm-up). DB ms: the page's statements, timed in execute()."
        )
        header = ["page", "reference", "sql", "page ms", "ref ms", "DB ms", "ratio", "target", ""]
        lines = []
        for group, title in GROUPS.items():
            rows = [comparison for comparison in found if comparison.group == group]
            if not rows:
                continue
            lines.append(title)
            for comparison in rows:
                lines.append(self.cells(comparison))
        widths = [
            max(len(line[i]) for line in [header, *lines] if isinstance(line, list))
            for i in range(len(header))
        ]
        left = {0, 1, len(header) - 1}

        def row(cells):
            return "  ".join(
                cell.ljust(width) if i in left else cell.rjust(width)
                for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
            ).rstrip()

        write("")
        write(row(header))
        write("-" * sum(widths, 2 * (len(widths) - 1)))
        for line in lines:
            write(row(line) if isinstance(line, list) else f"{line}:")
        write("")
        write("URLs:")
        for comparison in found:
            reference = comparison.reference or "(DB time)"
            write(f"  {comparison.group}/{comparison.label}: {comparison.url}  ÷  {reference}")
        flagged = [comparison for comparison in found if comparison.from_cache]
        for comparison in flagged:
            write(
                f"Warning: {comparison.label} ({comparison.url}) ran no SQL on "
                f"{comparison.from_cache} of its first visits: a cache answered them."
            )
        not_cached = [c for c in found if c.mode == CACHED and c.page_sql]
        if not_cached:
            write(
                "Note: the cached pages still ran SQL on their second request "
                f"({', '.join(c.label for c in not_cached)}): no page cache served them."
            )

    def cells(self, comparison):
        ratio = median(comparison.ratios)
        sql = str(comparison.page_sql)
        if comparison.reference_sql is not None:
            sql += f"/{comparison.reference_sql}"
        if comparison.target is None:
            target, verdict = "", ""
        else:
            target = f"≤ {comparison.target:g}×"
            verdict = "meets" if ratio <= comparison.target else "misses"
        return [
            f"  {comparison.label}",
            comparison.reference_label,
            sql,
            f"{median(comparison.page_ms):.1f}",
            f"{median(comparison.reference_ms):.1f}",
            f"{median(comparison.db_ms):.1f}",
            f"{ratio:.1f}×",
            target,
            verdict,
        ]

    def write_growth(self, columns):
        """Each page's median time at the largest size ÷ at the smallest (not interleaved:
        the sizes are measured one after the other)."""
        (small_counts, small), (large_counts, large) = columns[0], columns[-1]
        write = self.stdout.write
        write("")
        write(
            f"{large_counts['organizations']:,} ÷ {small_counts['organizations']:,} "
            "organizations, page by page (medians; the sizes are measured one after the other "
            "and each picks its own busiest records):"
        )
        by_key = {(c.group, c.label, c.reference_label): c for c in small}
        width = max(len(f"{c.group}/{c.label}") for c in large)
        for comparison in large:
            before = by_key.get((comparison.group, comparison.label, comparison.reference_label))
            if before is None:
                continue
            name = f"{comparison.group}/{comparison.label}"
            growth = median(comparison.page_ms) / median(before.page_ms)
            write(
                f"  {name:<{width}}  {median(before.page_ms):8.1f} ms → "
                f"{median(comparison.page_ms):8.1f} ms  {growth:5.1f}×  "
                f"sql {before.page_sql} → {comparison.page_sql}"
            )

    def server_version(self):
        return server_version()
