"""What each record gives the index: its names, its other words in both
languages, and its importance.

A record is indexed once, with the words of its English and French texts
together, so a query finds it whichever language it is typed in:

- names: names and acronyms in both languages (an agreement's title, an event's
  name with its edition and its series);
- other words: kind, sectors or themes, places, parties or organizers, and the
  descriptions;
- importance: how much the record matters among records sharing a word —
  organizations by their agreements and events, agreements and events by how
  recent they are and how many organizations take part. It orders a word's
  records in the index, so the best few are read first.

Records are read as plain rows, a few queries per batch whatever its size: a
whole dataset is indexed in one pass (search.indexing).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from django.db.models import Count
from django.utils.translation import override
from django_countries import countries

from agreements.models import Agreement, AgreementKind, Party
from events.models import Event, EventKind, EventOrganization, Series, with_edition
from organizations.choices import MEMBER_BASED_KINDS
from organizations.models import Organization, OrganizationKind, Sector
from portal.publishing import published_through
from search.models import SearchKind
from search.words import words_of

LANGUAGES = ("en", "fr")

# The records each kind of result shows.
MODELS = {
    SearchKind.ORGANIZATION: Organization,
    SearchKind.AGREEMENT: Agreement,
    SearchKind.EVENT: Event,
}


@dataclass
class Document:
    record_id: int
    importance: int
    names: list[str]
    texts: list[str] = field(default_factory=list)

    def name_words(self) -> set[str]:
        return {word for name in self.names for word in _words(name)}

    def all_words(self) -> set[str]:
        return self.name_words().union(*map(_words, self.texts))


@lru_cache(maxsize=100_000)
def word_list(text) -> tuple[str, ...]:
    """The words of a text in order, remembered: kinds, places, sectors and
    organizations' names recur in thousands of records and results."""
    return tuple(words_of(text or ""))


def _words(text) -> frozenset[str]:
    return frozenset(word_list(text))


def _both(row, name) -> list[str]:
    """A translated field's values, English then French, without blanks or repeats."""
    return list(dict.fromkeys(value for lang in LANGUAGES if (value := row[f"{name}_{lang}"])))


class _Labels:
    """Choice labels and country names in both languages, looked up once."""

    def __init__(self):
        self.kinds = defaultdict(list)
        self.countries = defaultdict(list)
        for language in LANGUAGES:
            with override(language):
                for choices in (OrganizationKind, AgreementKind, EventKind):
                    for value, label in choices.choices:
                        self.kinds[value].append(str(label))
                for code, name in countries:
                    self.countries[code].append(str(name))


@lru_cache(maxsize=1)
def choice_labels():
    """Kind labels and country names in both languages: {value: [English, French]}."""
    return _Labels()


def _grouped(pairs):
    grouped = defaultdict(list)
    for key, value in pairs:
        grouped[key].append(value)
    return grouped


def _plain(queryset):
    """Rows as stored: translated fields are named here with their language, so
    modeltranslation's rewriting (and its cost per row) is not needed."""
    return queryset.rewrite(False) if hasattr(queryset, "rewrite") else queryset


def _rows(queryset, *fields):
    return _plain(queryset).values(*fields)


def _pairs(queryset, key, value):
    return _plain(queryset).values_list(key, value)


def _translated_names(model):
    """Every ``model`` row's names in both languages: {pk: [English, French]}."""
    return {
        row["pk"]: _both(row, "name") for row in _rows(model.objects, "pk", "name_en", "name_fr")
    }


def _organization_names(ids):
    """Names and acronyms of organizations, for the agreements and events they are in."""
    rows = _rows(
        Organization.objects.filter(pk__in=ids),
        *("pk", "name_en", "name_fr", "acronym_en", "acronym_fr"),
    )
    return {row["pk"]: _both(row, "name") + _both(row, "acronym") for row in rows}


# ------------------------------------------------------------------ names


def organization_names(record) -> list[str]:
    return list(dict.fromkeys(_both(record, "name") + _both(record, "acronym")))


def agreement_names(record) -> list[str]:
    return _both(record, "title")


def event_names(record, series_names=()) -> list[str]:
    """Its name with its edition in both languages, and its series' names."""
    names = [with_edition(name, record["edition"]) for name in _both(record, "name")]
    return list(dict.fromkeys([*names, *series_names]))


# ------------------------------------------------------------------ documents


def organization_documents(records) -> list[Document]:
    """The documents of ``records``, a queryset of organizations (a few thousand)."""
    fields = ["kind", "name_en", "name_fr", "acronym_en", "acronym_fr", "city", "region"]
    fields += ["country", "description_en", "description_fr"]
    rows = list(_rows(records.order_by("pk"), "pk", *fields))
    pks = records.values("pk")
    through = Organization.sectors.through.objects.filter(organization_id__in=pks)
    sectors = _grouped(through.values_list("organization_id", "sector_id"))
    sector_names = _translated_names(Sector)
    # Published agreements and events only, as everything the public reads.
    parties = Party.objects.filter(published_through("agreement"), organization_id__in=pks)
    agreements = _counts(parties, "organization_id")
    roles = EventOrganization.objects.filter(published_through("event"), organization_id__in=pks)
    events = _counts(roles, "organization_id")
    labels = choice_labels()
    documents = []
    for row in rows:
        pk = row["pk"]
        importance = (
            10 * min(agreements.get(pk, 0), 50)
            + 5 * min(events.get(pk, 0), 50)
            + (20 if row["kind"] in MEMBER_BASED_KINDS else 0)
            + (5 if row["description_en"] or row["description_fr"] else 0)
        )
        texts = [
            *labels.kinds[row["kind"]],
            *(name for sector in sectors.get(pk, ()) for name in sector_names[sector]),
            row["city"],
            row["region"],
            *labels.countries.get(row["country"], ()),
            *_both(row, "description"),
        ]
        documents.append(Document(pk, importance, organization_names(row), texts))
    return documents


def _counts(queryset, key):
    return dict(queryset.order_by().values(key).annotate(n=Count("pk")).values_list(key, "n"))


def agreement_documents(records) -> list[Document]:
    """The documents of ``records``, a queryset of agreements (a few thousand)."""
    fields = ["kind", "title_en", "title_fr", "signed_on", "signing_place_en"]
    fields += ["signing_place_fr", "summary_en", "summary_fr", "objectives_en", "objectives_fr"]
    rows = list(_rows(records.order_by("pk"), "pk", *fields))
    pks = records.values("pk")
    # Draft organizations are nowhere public: not named by the agreements they are in.
    party_set = Party.objects.filter(published_through("organization"), agreement_id__in=pks)
    parties = _grouped(_pairs(party_set, "agreement_id", "organization_id"))
    party_names = _organization_names(party_set.values("organization_id"))
    through = Agreement.themes.through.objects.filter(agreement_id__in=pks)
    themes = _grouped(through.values_list("agreement_id", "sector_id"))
    theme_names = _translated_names(Sector)
    labels = choice_labels()
    documents = []
    for row in rows:
        pk = row["pk"]
        signed = row["signed_on"]
        importance = 2 * max(0, (signed.year if signed else 1990) - 1990) + 5 * min(
            len(parties.get(pk, ())), 10
        )
        texts = [
            *labels.kinds[row["kind"]],
            *(name for party in parties.get(pk, ()) for name in party_names[party]),
            *(name for theme in themes.get(pk, ()) for name in theme_names[theme]),
            *_both(row, "signing_place"),
            *_both(row, "summary"),
            *_both(row, "objectives"),
        ]
        documents.append(Document(pk, importance, agreement_names(row), texts))
    return documents


def event_documents(records) -> list[Document]:
    """The documents of ``records``, a queryset of events (a few thousand)."""
    fields = ["kind", "name_en", "name_fr", "edition", "series_id", "start_date", "venue"]
    fields += ["city", "region", "country", "description_en", "description_fr"]
    rows = list(_rows(records.order_by("pk"), "pk", *fields))
    pks = records.values("pk")
    roles = EventOrganization.objects.filter(published_through("organization"), event_id__in=pks)
    organizers = _grouped(_pairs(roles, "event_id", "organization_id"))
    organizer_names = _organization_names(roles.values("organization_id"))
    series_names = _translated_names(Series)
    labels = choice_labels()
    documents = []
    for row in rows:
        pk = row["pk"]
        importance = (
            2 * max(0, row["start_date"].year - 1990)
            + 3 * min(len(organizers.get(pk, ())), 10)
            + (10 if row["series_id"] else 0)
        )
        texts = [
            *labels.kinds[row["kind"]],
            row["venue"],
            row["city"],
            row["region"],
            *labels.countries.get(row["country"], ()),
            *(name for org in organizers.get(pk, ()) for name in organizer_names[org]),
            *_both(row, "description"),
        ]
        names = event_names(row, series_names.get(row["series_id"], ()))
        documents.append(Document(pk, importance, names, texts))
    return documents


# Each kind's documents, for a queryset of its records.
DOCUMENTS = {
    SearchKind.ORGANIZATION: organization_documents,
    SearchKind.AGREEMENT: agreement_documents,
    SearchKind.EVENT: event_documents,
}


# ------------------------------------------------------------------ names of shown records


def names_of(kind, record) -> list[str]:
    """The names of ``record``, a model instance of ``kind`` as results show it."""
    values = vars(record)
    if kind == SearchKind.ORGANIZATION:
        return organization_names(values)
    if kind == SearchKind.AGREEMENT:
        return agreement_names(values)
    series = record.series
    return event_names(values, _both(vars(series), "name") if series else ())
