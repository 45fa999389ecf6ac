"""What the organization page reads: six queries, compiled once per language and
audience (``portal.compiled_reads``), made into the model instances its template reads.

1. the organization;
2. its sectors;
3. the contacts the viewer may see;
4. its relationships, both directions;
5. the cards of its agreements, whose parties are its partners, and
6. the cards of its events: agreements and events are higher apps, their own reads,
   reached through the relations' models.
"""

from django.db.models import CharField, IntegerField, Q

from organizations.models import Contact, Organization, Relationship, Sector
from portal.compiled_reads import CompiledRead, Parameter, load_related, loaded, plain, resolved
from portal.publishing import previewable, published_through

SLUG = Parameter("slug", CharField())
ORGANIZATION = Parameter("organization", IntegerField())
SECTOR_FIELDS = ("id", "slug", "name_en", "name_fr")
CONTACT_FIELDS = ("id", "name", "title_en", "title_fr", "email", "phone")
# What the page shows of a relationship and of the organization at its other end.
RELATIONSHIP_FIELDS = ("id", "kind", "since", "since_precision", "note_en", "note_fr")
OTHER_END_FIELDS = ("id", "slug", "name_en", "name_fr")

ORGANIZATION_ROW = CompiledRead(
    lambda: (
        plain(Organization, drafts=True)
        .filter(slug=SLUG)
        .order_by()
        .values(*[field.attname for field in Organization._meta.concrete_fields])
    )
)
# In the model's order, as modeltranslation rewrote it: by name in the active language.
SECTOR_ROWS = CompiledRead(
    lambda: plain(Sector).filter(organizations=ORGANIZATION).values(*SECTOR_FIELDS)
)
CONTACT_ROWS = CompiledRead(
    lambda viewer: (
        plain(Contact)
        .visible_to(viewer)
        .filter(organization=ORGANIZATION)
        .order_by("name")
        .values(*CONTACT_FIELDS)
    )
)
# Both directions in one query, in the model's order (as modeltranslation rewrote it),
# then told apart.
RELATIONSHIP_ROWS = CompiledRead(
    lambda: (
        plain(Relationship)
        .filter(
            Q(subject=ORGANIZATION) & published_through("object")
            | Q(object=ORGANIZATION) & published_through("subject")
        )
        .values(
            *RELATIONSHIP_FIELDS,
            *[f"{end}__{name}" for end in ("subject", "object") for name in OTHER_END_FIELDS],
        )
    )
)


def organization_page(slug, viewer, today):
    """The organization ``slug`` and what its page shows, as ``viewer`` may see it, for
    the template's context, its agreements as they stand on ``today``; None when there
    is no such organization, or it is a draft ``viewer`` may not preview."""
    viewer = resolved(viewer)
    rows = ORGANIZATION_ROW.rows(slug=slug)
    if not rows:
        return None
    organization = loaded(Organization, rows[0])
    if not previewable(organization, viewer):
        return None
    agreements = Organization.agreements.field.model.objects.cards_of_organization(
        organization, today
    )
    # The agreements' party rows name the partners; the organization is a party to each.
    partners = {
        party.organization_id: party
        for agreement in agreements
        for party in agreement.party_set.all()
        if party.organization_id != organization.pk
    }
    relationships = relationships_of(organization)
    return {
        "organization": organization,
        "sectors": [loaded(Sector, row) for row in SECTOR_ROWS.rows(organization=organization.pk)],
        "agreements": agreements,
        "partners": [
            party.organization
            for party in sorted(partners.values(), key=lambda party: party.name_order)
        ],
        "events": Organization.events.field.model.objects.cards_of_organization(organization),
        "relationships_out": [r for r in relationships if r.subject_id == organization.pk],
        "relationships_in": [r for r in relationships if r.object_id == organization.pk],
        "contacts": [
            loaded(Contact, row) for row in CONTACT_ROWS.rows(viewer, organization=organization.pk)
        ],
    }


def relationships_of(organization):
    """Its relationships, both directions, each with the organizations at its two ends."""
    found = []
    for row in RELATIONSHIP_ROWS.rows(organization=organization.pk):
        relationship = loaded(Relationship, row)
        for end in ("subject", "object"):
            load_related(relationship, end, row, f"{end}__")
        found.append(relationship)
    return found
