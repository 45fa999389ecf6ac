"""What each record gives the index: its names, its other words in both
languages, and its importance.

A record is indexed once, with the words of its English and French texts
together, so a query finds it whichever language it is typed in:

- names: names and acronyms in both languages (an agreement's title, an event's
  name and series);
- other words: kind, sectors or themes, places, parties or organizers, and the
  descriptions;
- importance: how much the record matters among records sharing a word —
  organizations by their agreements and events, agreements and events by how
  recent they are and how many organizations take part. It orders a word's
  records in the index, so the best few are read first.
"""

from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import override

from agreements.models import Agreement, AgreementKind, Party
from events.models import Event, EventKind, EventOrganization
from organizations.choices import MEMBER_BASED_KINDS
from organizations.models import Organization, OrganizationKind
from search.models import SearchKind
from search.words import words_of

LANGUAGES = ("en", "fr")


@dataclass
class Document:
    record_id: int
    importance: int
    names: list[str]
    texts: list[str] = field(default_factory=list)

    def name_words(self) -> set[str]:
        return {word for name in self.names for word in words_of(name)}

    def all_words(self) -> set[str]:
        return self.name_words() | {word for text in self.texts for word in words_of(text)}


class Labels:
    """Choice labels and country names in both languages, looked up once."""

    def __init__(self):
        self.kinds = {}
        self._countries = {}
        for language in LANGUAGES:
            with override(language):
                for choices in (OrganizationKind, AgreementKind, EventKind):
                    for value, label in choices.choices:
                        self.kinds.setdefault(value, []).append(str(label))

    def country(self, country) -> list[str]:
        if not country:
            return []
        if country.code not in self._countries:
            names = []
            for language in LANGUAGES:
                with override(language):
                    names.append(str(country.name))
            self._countries[country.code] = names
        return self._countries[country.code]


def _both(obj, name) -> list[str]:
    return [value for language in LANGUAGES if (value := getattr(obj, f"{name}_{language}"))]


def _count(model, field_name):
    """How many ``model`` rows point to the outer record through ``field_name``."""
    return Coalesce(
        Subquery(
            model.objects.filter(**{field_name: OuterRef("pk")})
            .order_by()
            .values(field_name)
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


# ------------------------------------------------------------------ organizations


def organizations():
    return Organization.objects.annotate(
        agreement_count=_count(Party, "organization"),
        event_count=_count(EventOrganization, "organization"),
    ).prefetch_related("sectors")


def organization_importance(organization) -> int:
    return (
        10 * min(organization.agreement_count, 50)
        + 5 * min(organization.event_count, 50)
        + (20 if organization.kind in MEMBER_BASED_KINDS else 0)
        + (5 if organization.description else 0)
    )


def organization_names(organization) -> list[str]:
    return list(dict.fromkeys(_both(organization, "name") + _both(organization, "acronym")))


def organization_document(organization, labels) -> Document:
    return Document(
        organization.pk,
        organization_importance(organization),
        names=organization_names(organization),
        texts=[
            *labels.kinds[organization.kind],
            *(name for sector in organization.sectors.all() for name in _both(sector, "name")),
            organization.city,
            organization.region,
            *labels.country(organization.country),
            *_both(organization, "description"),
        ],
    )


# ------------------------------------------------------------------ agreements


def agreements():
    return Agreement.objects.prefetch_related("party_set__organization", "themes")


def agreement_importance(agreement) -> int:
    year = agreement.signed_on.year if agreement.signed_on else 1990
    return 2 * max(0, year - 1990) + 5 * min(len(agreement.party_set.all()), 10)


def agreement_names(agreement) -> list[str]:
    return list(dict.fromkeys(_both(agreement, "title")))


def agreement_document(agreement, labels) -> Document:
    parties = [party.organization for party in agreement.party_set.all()]
    return Document(
        agreement.pk,
        agreement_importance(agreement),
        names=agreement_names(agreement),
        texts=[
            *labels.kinds[agreement.kind],
            *(name for party in parties for name in _both(party, "name")),
            *(acronym for party in parties for acronym in _both(party, "acronym")),
            *(name for theme in agreement.themes.all() for name in _both(theme, "name")),
            *_both(agreement, "signing_place"),
            *_both(agreement, "summary"),
            *_both(agreement, "objectives"),
        ],
    )


# ------------------------------------------------------------------ events


def events():
    return Event.objects.select_related("series").prefetch_related("roles__organization")


def event_importance(event) -> int:
    return (
        2 * max(0, event.start_date.year - 1990)
        + 3 * min(len(event.roles.all()), 10)
        + (10 if event.series_id else 0)
    )


def event_names(event) -> list[str]:
    """Its name with its edition in both languages, and its series' names."""
    names = []
    for language in LANGUAGES:
        with override(language):
            names.append(event.display_name)
    if event.series:
        names += _both(event.series, "name")
    return list(dict.fromkeys(names))


def event_document(event, labels) -> Document:
    organizations = [role.organization for role in event.roles.all()]
    return Document(
        event.pk,
        event_importance(event),
        names=event_names(event),
        texts=[
            *labels.kinds[event.kind],
            event.venue,
            event.city,
            event.region,
            *labels.country(event.country),
            *(name for organization in organizations for name in _both(organization, "name")),
            *(a for organization in organizations for a in _both(organization, "acronym")),
            *_both(event, "description"),
        ],
    )


# The records each kind of result shows.
MODELS = {
    SearchKind.ORGANIZATION: Organization,
    SearchKind.AGREEMENT: Agreement,
    SearchKind.EVENT: Event,
}

# Each kind's names, as ranking compares them with a query.
NAMES = {
    SearchKind.ORGANIZATION: organization_names,
    SearchKind.AGREEMENT: agreement_names,
    SearchKind.EVENT: event_names,
}

# Each kind: the records to index (with what their documents read) and how.
SOURCES = {
    SearchKind.ORGANIZATION: (organizations, organization_document),
    SearchKind.AGREEMENT: (agreements, agreement_document),
    SearchKind.EVENT: (events, event_document),
}
