"""What the agreement page reads: six queries, compiled once per language and audience
(``portal.compiled_reads``), and made into the model instances its template reads.

1. the agreement, its signing event, and the ids up its renewal chain;
2. the agreements it renews (up to RENEWAL_DEPTH) and those that renew it;
3. its parties, with the signers the viewer may see and their confirmations;
4. its benefits, with the claim details the viewer may see, and their grantees;
5. its themes, commitments and sources: three short lists in one UNION ALL;
6. its related events.
"""

from django.db.models import CharField, DateField, F, IntegerField, Q, Value
from django.db.models.functions import Cast
from django_countries.fields import Country
from modeltranslation.utils import build_localized_fieldname
from modeltranslation.utils import get_language as modeltranslation_language

from agreements.confirmation import confirmation_state
from agreements.lifecycle import agreement_state, is_superseding
from agreements.models import Agreement, Benefit, Commitment, Party, SourceDocument
from agreements.querysets import party_role_order, signing_order_key
from events.models import Event
from events.querysets import EVENT_CARD_FIELDS
from organizations.models import Contact, Organization, Sector
from organizations.places import corridor_slug, corridors_between, place_key, place_name
from portal.compiled_reads import CompiledRead, Parameter, load_related, loaded, plain, resolved
from portal.localized import localized
from portal.publishing import Publication, previewable, published_through

# How far up the renewal chain the page shows.
RENEWAL_DEPTH = 3

SLUG = Parameter("slug", CharField())
AGREEMENT = Parameter("agreement", IntegerField())
EARLIER = [Parameter(f"earlier_{depth}", IntegerField()) for depth in range(RENEWAL_DEPTH)]

# The columns, beyond the agreement's own, of the first query: its signing event, and the
# ids of the agreements up the chain past the one it renews.
SIGNING_EVENT_FIELDS = ("id", "slug", "name_en", "name_fr", "edition", "publication")
EARLIER_IDS = {
    f"renews_{depth}_id": F("__".join(["renews"] * depth) + "_id")
    for depth in range(2, RENEWAL_DEPTH + 1)
}
# With their status: a signed renewal supersedes the agreement (agreements.lifecycle).
CHAIN_FIELDS = (
    "id",
    "slug",
    "title_en",
    "title_fr",
    "signed_on",
    "signed_on_precision",
    "status",
)
PARTY_FIELDS = (
    "id",
    "role",
    "signed_by_id",
    "signed_by_title_en",
    "signed_by_title_fr",
    # Where the organization is: the corridors the agreement belongs to.
    "organization_region",
    "organization_country",
)
# What the page shows of an organization: a party's, a benefit's grantee.
ORGANIZATION_FIELDS = ("id", "slug", "name_en", "name_fr")
BENEFIT_FIELDS = (
    "id",
    "category",
    "description_en",
    "description_fr",
    "claim_visibility",
    "valid_from",
    "valid_until",
)
# The three short lists and the fields each shows.
SHORT_LISTS = {
    "themes": (Sector, ("slug", "name_en", "name_fr")),
    "commitments": (
        Commitment,
        (
            "description_en",
            "description_fr",
            "progress_note_en",
            "progress_note_fr",
            "due_on",
            "due_on_precision",
            "status",
            "last_checked_on",
        ),
    ),
    "sources": (
        SourceDocument,
        ("title", "url", "language", "published_on", "published_on_precision"),
    ),
}


def _agreement():
    return (
        plain(Agreement, drafts=True)
        .filter(slug=SLUG)
        .order_by()
        .values(
            *[field.attname for field in Agreement._meta.concrete_fields],
            *[f"signing_event__{name}" for name in SIGNING_EVENT_FIELDS],
            **EARLIER_IDS,
        )
    )


def _chain():
    return (
        plain(Agreement)
        .filter(Q(pk__in=EARLIER) | Q(renews=AGREEMENT))
        .order_by()
        .values(*CHAIN_FIELDS, "renews_id")
    )


def _parties(viewer):
    # Signatories first (PartyRole's order), by name in the visitor's language.
    return (
        plain(Party)
        .with_visible_signers(viewer)
        .with_confirmation()
        .filter(published_through("organization"), agreement=AGREEMENT)
        .order_by(party_role_order(), localized("organization__name"))
        .values(
            *PARTY_FIELDS,
            *[f"organization__{name}" for name in ORGANIZATION_FIELDS],
            "visible_signer_name",
            "confirmed_at",
            "confirmation_stale_fields",
            "has_staff",
        )
    )


def _benefits(viewer):
    # One row per grantee, the rows of a benefit together (with_grantees_joined()).
    return (
        plain(Benefit)
        .with_claim_details(viewer)
        .with_grantees_joined()
        .filter(agreement=AGREEMENT)
        .values(
            *BENEFIT_FIELDS,
            "claim_details",
            "claim_code",
            "claim_details_withheld",
            *[f"grantee_{name}" for name in ORGANIZATION_FIELDS],
            # Read, not shown: a draft organization is left out (portal.publishing).
            "grantee_publication",
        )
    )


def _short_list(kind, condition, *, date=None, text=None):
    """One short list's rows as a part of their UNION ALL: every list's columns, in the
    same order in each part (``<list>_<field>``), NULL where they are another list's (of
    the column's type: PostgreSQL types a bare NULL as text), then the columns the union
    is sorted by."""
    model = SHORT_LISTS[kind][0]
    columns = {"list": Value(kind), "row_id": F("id")}
    for other, (other_model, fields) in SHORT_LISTS.items():
        for name in fields:
            field = other_model._meta.get_field(name)
            columns[f"{other}_{name}"] = (
                F(name) if other == kind else Cast(Value(None), output_field=field)
            )
    columns["sort_date"] = F(date) if date else Cast(Value(None), output_field=DateField())
    columns["sort_text"] = F(text) if text else Value("")
    return plain(model).filter(**condition).order_by().values(**columns)


def _short_lists():
    # The models' orderings: themes by name as modeltranslation rewrites it (in the
    # active language), commitments by due date, sources by publication date and title.
    name = build_localized_fieldname("name", modeltranslation_language())
    themes = _short_list("themes", {"agreements": AGREEMENT}, text=name)
    commitments = _short_list("commitments", {"agreement": AGREEMENT}, date="due_on")
    sources = _short_list("sources", {"agreement": AGREEMENT}, date="published_on", text="title")
    return themes.union(commitments, sources, all=True).order_by(
        "list", "sort_date", "sort_text", "row_id"
    )


def _related_events():
    # In the model's order, as modeltranslation rewrote it: by date, then name.
    return plain(Event).filter(related_agreements=AGREEMENT).values(*EVENT_CARD_FIELDS)


AGREEMENT_ROW = CompiledRead(_agreement)
CHAIN_ROWS = CompiledRead(_chain)
PARTY_ROWS = CompiledRead(_parties)
BENEFIT_ROWS = CompiledRead(_benefits)
SHORT_LIST_ROWS = CompiledRead(_short_lists)
RELATED_EVENT_ROWS = CompiledRead(_related_events)


def agreement_page(slug, viewer, today):
    """The agreement ``slug`` and what its page shows, as ``viewer`` may see it and as it
    stands on ``today``, for the template's context; None when there is no such
    agreement."""
    viewer = resolved(viewer)
    rows = AGREEMENT_ROW.rows(slug=slug)
    if not rows:
        return None
    row = rows[0]
    agreement = loaded(Agreement, row)
    if not previewable(agreement, viewer):
        return None
    if row["signing_event__publication"] == Publication.DRAFT:
        # Signed at an event not yet published: the place and date still say where.
        row["signing_event__id"] = None
    load_related(agreement, "signing_event", row, "signing_event__")
    earlier_ids = [agreement.renews_id, *(row[name] for name in EARLIER_IDS)]
    predecessors, renewals = renewal_chain(agreement, earlier_ids)
    # The renewals read are the published ones, as the lists' state reads them.
    renewed_by = next((r for r in renewals if is_superseding(r)), None)
    agreement.state = agreement_state(agreement, today, renewed=renewed_by is not None)
    themes, commitments, sources = short_lists(agreement)
    agreement_parties = parties(agreement, viewer)
    for commitment in commitments:
        commitment.overdue = commitment.is_overdue(today)
    return {
        "agreement": agreement,
        "renewed_by": renewed_by,
        "predecessors": predecessors,
        "renewals": renewals,
        "themes": themes,
        "parties": agreement_parties,
        "corridors": [] if agreement.is_draft else corridors(agreement_parties),
        "confirmation": confirmation_state(agreement_parties),
        "benefits": benefits(agreement, viewer),
        "commitments": commitments,
        "sources": sources,
        "related_events": [
            loaded(Event, row) for row in RELATED_EVENT_ROWS.rows(agreement=agreement.pk)
        ],
    }


def renewal_chain(agreement, earlier_ids):
    """``(predecessors, renewals)``: the agreements up the chain (``earlier_ids``, the one
    ``agreement`` renews first), oldest first, and those that renew it, latest signed
    first."""
    values = {parameter.name: pk for parameter, pk in zip(EARLIER, earlier_ids, strict=True)}
    by_id = {
        row["id"]: loaded(Agreement, row)
        for row in CHAIN_ROWS.rows(agreement=agreement.pk, **values)
    }
    predecessors = []
    for pk in earlier_ids:
        if pk not in by_id:
            break
        predecessors.append(by_id[pk])
    renewals = [row for row in by_id.values() if row.renews_id == agreement.pk]
    return predecessors[::-1], sorted(renewals, key=signing_order_key)


def parties(agreement, viewer):
    """The parties, signatories first (PartyRole's order), by name within a role, each
    with its organization and its signer where ``viewer`` may see that contact."""
    found = []
    for row in PARTY_ROWS.rows(viewer, agreement=agreement.pk):
        party = loaded(Party, row)
        party.agreement_id = agreement.pk
        load_related(party, "organization", row, "organization__")
        signer = None
        if row["visible_signer_name"] is not None:
            signer = Contact.from_db(
                None, ["id", "name"], [party.signed_by_id, row["visible_signer_name"]]
            )
        Party.signed_by.field.set_cached_value(party, signer)
        party.confirmed_at = row["confirmed_at"]
        party.confirmation_stale_fields = row["confirmation_stale_fields"]
        party.has_staff = row["has_staff"]
        found.append(party)
    return found


def corridors(agreement_parties):
    """``(address slug, label)`` of each corridor the parties' places make
    (``organizations.places``), in their stable order."""
    labels = {}
    for party in agreement_parties:
        place = place_key(party.organization_country, party.organization_region)
        if place is not None:
            region = place_name(place[0], party.organization_region)
            labels.setdefault(place, region if place[1] else str(Country(place[0]).name))
    return [
        (corridor_slug(one, other), f"{labels[one]} – {labels[other]}")
        for one, other in corridors_between(labels)
    ]


def benefits(agreement, viewer):
    """The benefits, each with ``claim_details`` and ``claim_details_withheld`` as
    ``viewer`` may see them, and ``grantees``: the organizations it is granted to."""
    found = {}
    for row in BENEFIT_ROWS.rows(viewer, agreement=agreement.pk):
        benefit = found.get(row["id"])
        if benefit is None:
            benefit = found[row["id"]] = loaded(Benefit, row)
            benefit.agreement_id = agreement.pk
            benefit.claim_details = row["claim_details"]
            benefit.claim_code = row["claim_code"]
            benefit.claim_details_withheld = row["claim_details_withheld"]
            benefit.grantees = []
        if row["grantee_id"] is not None and row["grantee_publication"] == Publication.PUBLISHED:
            benefit.grantees.append(loaded(Organization, row, prefix="grantee_"))
    return list(found.values())


def short_lists(agreement):
    """``(themes, commitments, sources)``, each in its model's order."""
    lists = {kind: [] for kind in SHORT_LISTS}
    for row in SHORT_LIST_ROWS.rows(agreement=agreement.pk):
        kind = row["list"]
        model, fields = SHORT_LISTS[kind]
        values = {"id": row["row_id"]} | {name: row[f"{kind}_{name}"] for name in fields}
        lists[kind].append(loaded(model, values))
    return lists["themes"], lists["commitments"], lists["sources"]
