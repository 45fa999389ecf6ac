"""The network of who signs with whom, as it stood in a given year.

An organization is a node, sized by the number of agreements it was a party to
that year; two organizations are joined by an edge when they were parties to the
same agreements, weighted by how many. An agreement *stood* in a year when, in
that year (up to today for the current year):

- it was published and signed (``AgreementStatus.SIGNED``): drafts and agreements
  in negotiation never show; a terminated agreement does not either, as nobody
  records the day it was terminated, so no year can be said to hold it;
- it was signed by the end of the year, at its date's precision (a date known to
  the month or the year is stored as its first day: "2018" counts from 2018);
  a signed agreement with no known date counts for the current year alone, where
  the registry calls it in force;
- it had not ended before the year began (``ends_on``, the last day of its term at
  its precision, ``agreements.lifecycle``);
- no published renewal signed by then had taken its place (the renewal stands for
  it, so a renewed partnership is counted once).

Organizations that are drafts are never nodes nor partners (``portal.publishing``).

Every figure comes from a few grouped queries whatever the size of the data
(``read_network``): the nodes are the ``limit`` organizations with the most
agreements that year, among those the filters keep, and the edges join those
alone, so a page over 100,000 organizations stays bounded and says "the N most
connected of M".
"""

import datetime
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, Window

from agreements.choices import AgreementStatus
from agreements.lifecycle import supersedes
from agreements.models import Agreement, Party
from organizations.models import Organization, OrganizationKind
from portal.localized import localized_value, visitor_language
from portal.publishing import Publication, not_a_draft
from portal.slug_urls import slug_url

# How many organizations the graph and its table show at most.
NETWORK_LIMIT = 150
# How many of an organization's partners its row in the table names.
TOP_PARTNERS = 3


def year_window(year: int, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of ``year`` as far as it has gone on ``today``."""
    return datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), today)


def standing_in(year: int, today: datetime.date):
    """The agreements that stood in ``year`` (see the module's docstring), as a
    queryset of published agreements, to use as a subquery."""
    first, last = year_window(year, today)
    signed_by_then = Q(signed_on__lte=last)
    if year == today.year:
        signed_by_then |= Q(signed_on__isnull=True)
    renewal_by_then = Agreement.all_objects.filter(
        supersedes(),
        signed_by_then,
        renews=OuterRef("pk"),
        publication=Publication.PUBLISHED,
    )
    return Agreement.objects.filter(
        signed_by_then,
        Q(ends_on__isnull=True) | Q(ends_on__gte=first),
        ~Exists(renewal_by_then),
        status=AgreementStatus.SIGNED,
    )


def network_parties(standing):
    """The parties of the agreements of ``standing`` (``standing_in()``), of published
    organizations: what the network's FilterSet narrows."""
    return Party.objects.filter(
        not_a_draft(Organization, "organization_id"), agreement__in=standing.values("pk")
    )


@dataclass
class Partner:
    slug: str
    name: str
    # The agreements it had in common with the organization it is listed for.
    agreements: int

    @property
    def url(self):
        return slug_url("organizations:detail", self.slug)


@dataclass
class Node:
    id: int
    slug: str
    name: str
    kind: str
    country: str
    agreements: int
    partners: int = 0
    # The partners it had most agreements with (Partner), most first.
    top_partners: list = field(default_factory=list)

    @property
    def url(self):
        return slug_url("organizations:detail", self.slug)

    @property
    def kind_label(self):
        return OrganizationKind(self.kind).label if self.kind in OrganizationKind else self.kind


@dataclass
class Edge:
    source: int
    target: int
    agreements: int


@dataclass
class Network:
    year: int
    # The organizations shown, most agreements first, and how many the filters kept.
    nodes: list
    total: int
    edges: list

    @property
    def capped(self) -> bool:
        return self.total > len(self.nodes)


def read_network(parties, standing, year: int, limit: int = NETWORK_LIMIT) -> Network:
    """The network of ``parties`` (``network_parties(standing)``, narrowed by
    the filters) over the agreements of ``standing`` (``standing_in(year, …)``) in four
    queries: the ``limit`` organizations with most agreements and
    how many there are in all, their names, the edges between them, and each one's
    number of partners with the few it shares most agreements with (a partner may be
    any published organization, whatever the filters)."""
    counted = (
        parties.order_by()
        .values("organization_id")
        .annotate(agreements=Count("agreement_id"), total=Window(Count("*")))
        .order_by("-agreements", "organization_id")
    )
    rows = list(counted[:limit])
    if not rows:
        return Network(year=year, nodes=[], total=0, edges=[])
    total = rows[0]["total"]
    count_of = {row["organization_id"]: row["agreements"] for row in rows}
    ids = list(count_of)
    organizations = Organization.objects.filter(pk__in=ids).values(
        "pk", "slug", "kind", "country", shown_name=localized_value("name")
    )
    nodes = {
        row["pk"]: Node(
            id=row["pk"],
            slug=row["slug"],
            name=row["shown_name"],
            kind=row["kind"],
            country=row["country"],
            agreements=count_of[row["pk"]],
        )
        for row in organizations
    }
    standing = standing.values("pk")
    pairs = (
        Party.objects.filter(
            agreement__in=standing,
            organization_id__in=ids,
            agreement__party_set__organization_id__in=ids,
            agreement__party_set__organization_id__gt=F("organization_id"),
        )
        .order_by()
        .values("organization_id", other=F("agreement__party_set__organization_id"))
        .annotate(agreements=Count("*"))
        .order_by("organization_id", "other")
    )
    edges = [Edge(row["organization_id"], row["other"], row["agreements"]) for row in pairs]
    for organization_id, partners, together, slug, name in partner_summaries(standing, ids):
        node = nodes[organization_id]
        node.partners = partners
        node.top_partners.append(Partner(slug, name, together))
    ordered = sorted(nodes.values(), key=lambda node: (-node.agreements, node.name, node.id))
    return Network(year=year, nodes=ordered, total=total, edges=edges)


def partner_summaries(standing, ids):
    """For each organization of ``ids``: how many partners it had in the agreements of
    ``standing`` (``partners``), and the TOP_PARTNERS it shared most of them with
    (``other_slug``, ``other_name``, ``together``), one row each, in that order.

    The pairs are grouped by the ORM, with the visibility rules; their ranking is
    written out in SQL around them: Django, asked to filter on a window over an
    aggregate, groups by the window too, which no database accepts."""
    others = "agreement__party_set__organization"
    pairs = (
        Party.objects.filter(
            Q(**{f"{others}_id__lt": F("organization_id")})
            | Q(**{f"{others}_id__gt": F("organization_id")}),
            not_a_draft(Organization, f"{others}_id"),
            agreement__in=standing,
            organization_id__in=ids,
        )
        .order_by()
        .values("organization_id", other=F(f"{others}_id"))
        .annotate(together=Count("*"))
    )
    inner, params = pairs.query.get_compiler(using=pairs.db).as_sql()
    # The name as the visitor reads it (portal.localized), written out.
    name = "o.name_en"
    if visitor_language() == "fr":
        name = "COALESCE(NULLIF(o.name_fr, ''), o.name_en)"
    sql = f"""
        SELECT organization_id, partners, together, slug, name FROM (
            SELECT pairs.organization_id, pairs.together, o.slug, {name} AS name,
                COUNT(*) OVER (PARTITION BY pairs.organization_id) AS partners,
                ROW_NUMBER() OVER (
                    PARTITION BY pairs.organization_id
                    ORDER BY pairs.together DESC, {name}, pairs.other
                ) AS position
            FROM ({inner}) AS pairs
            JOIN {Organization._meta.db_table} o ON o.id = pairs.other
        ) AS ranked
        WHERE position <= %s
        ORDER BY organization_id, position
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, TOP_PARTNERS])
        return cursor.fetchall()


def first_year() -> int | None:
    """The year of the earliest published, signed agreement with a date: where the
    year slider starts."""
    earliest = (
        Agreement.objects.filter(status=AgreementStatus.SIGNED, signed_on__isnull=False)
        .order_by("signed_on")
        .values_list("signed_on", flat=True)
        .first()
    )
    return earliest.year if earliest else None
