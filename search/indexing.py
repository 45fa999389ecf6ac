"""Building the search entries: one per record and language, with the words of
its names, of what it is related to and of its description, raw and normalized
(see search.models), and the vocabulary that typos are corrected against.

Bulk writers (load_demo, generate_data) call ``index`` or ``rebuild`` after
writing; admin saves rebuild what they touched (search.receivers).
"""

from itertools import islice

from django.db import transaction
from django.urls import reverse
from django.utils.translation import override

from agreements.models import Agreement, AgreementKind
from events.models import Event, EventKind
from organizations.models import Organization, OrganizationKind
from portal.query_text import normalize
from search.models import SearchEntry, SearchKind, SearchWord

LANGUAGES = ("en", "fr")
# Between a record's names in ``names``: each name can be matched whole.
ALTERNATIVE_SEPARATOR = " | "
BATCH_SIZE = 2000


def _alternatives(*values) -> str:
    seen = []
    for value in values:
        if value and value not in seen:
            seen.append(value)
    return ALTERNATIVE_SEPARATOR.join(seen)


def _normalized_alternatives(names: str) -> str:
    return ALTERNATIVE_SEPARATOR.join(
        normalize(name) for name in names.split(ALTERNATIVE_SEPARATOR)
    )


class _Labels:
    """What every entry of a language repeats, looked up once per language:
    choice labels, country names and the shape of detail URLs."""

    def __init__(self, language):
        with override(language):
            self.kinds = {
                **{value: str(label) for value, label in OrganizationKind.choices},
                **{value: str(label) for value, label in AgreementKind.choices},
                **{value: str(label) for value, label in EventKind.choices},
            }
            self.urls = {
                name: reverse(name, kwargs={"slug": "SLUG"})
                for name in ("organizations:detail", "agreements:detail", "events:detail")
            }
        self.language = language
        self._countries = {}

    def country(self, country):
        if not country:
            return ""
        code = country.code
        if code not in self._countries:
            with override(self.language):
                self._countries[code] = str(country.name)
        return self._countries[code]

    def url(self, name, slug):
        return self.urls[name].replace("SLUG", slug)


def _entry(kind, language, obj, title, url, names, related, body):
    return SearchEntry(
        kind=kind,
        language=language,
        **{kind: obj},
        title=title[:300],
        url=url,
        names=names,
        related=related,
        body=body,
        normalized_names=_normalized_alternatives(names),
        normalized_related=normalize(related),
        normalized_body=normalize(body),
    )


def _join(*parts):
    return " ".join(part for part in parts if part)


def _organization_entry(organization, labels):
    return _entry(
        SearchKind.ORGANIZATION,
        labels.language,
        organization,
        organization.name,
        labels.url("organizations:detail", organization.slug),
        # Proper names are searched in both languages whichever page is read.
        _alternatives(
            organization.name,
            organization.name_en,
            organization.name_fr,
            organization.acronym_en,
            organization.acronym_fr,
        ),
        _join(
            labels.kinds[organization.kind],
            *(sector.name for sector in organization.sectors.all()),
            organization.city,
            organization.region,
            labels.country(organization.country),
        ),
        organization.description or "",
    )


def _agreement_entry(agreement, labels):
    parties = [party.organization for party in agreement.party_set.all()]
    return _entry(
        SearchKind.AGREEMENT,
        labels.language,
        agreement,
        agreement.title,
        labels.url("agreements:detail", agreement.slug),
        agreement.title,
        _join(
            labels.kinds[agreement.kind],
            *(p.name for p in parties),
            *(p.acronym for p in parties),
            *(theme.name for theme in agreement.themes.all()),
            agreement.signing_place,
        ),
        "\n".join(filter(None, [agreement.summary, agreement.objectives])),
    )


def _event_entry(event, labels):
    organizations = [role.organization for role in event.roles.all()]
    return _entry(
        SearchKind.EVENT,
        labels.language,
        event,
        event.display_name,
        labels.url("events:detail", event.slug),
        _alternatives(event.display_name, event.series.name if event.series else ""),
        _join(
            labels.kinds[event.kind],
            event.venue,
            event.city,
            event.region,
            labels.country(event.country),
            *(o.name for o in organizations),
            *(o.acronym for o in organizations),
        ),
        event.description or "",
    )


# The records each kind of entry shows.
MODELS = {
    SearchKind.ORGANIZATION: Organization,
    SearchKind.AGREEMENT: Agreement,
    SearchKind.EVENT: Event,
}


def _sources():
    return {
        SearchKind.ORGANIZATION: (
            Organization.objects.prefetch_related("sectors"),
            _organization_entry,
        ),
        SearchKind.AGREEMENT: (
            Agreement.objects.prefetch_related("party_set__organization", "themes"),
            _agreement_entry,
        ),
        SearchKind.EVENT: (
            Event.objects.select_related("series").prefetch_related("roles__organization"),
            _event_entry,
        ),
    }


def index(kind: str, ids=None) -> int:
    """(Re)build the entries of one kind: all of them, or only those of ``ids``
    (a list, or a queryset of ids for large sets)."""
    queryset, build = _sources()[kind]
    stale = SearchEntry.objects.filter(kind=kind)
    if ids is not None:
        queryset = queryset.filter(pk__in=ids)
        stale = stale.filter(**{f"{kind}_id__in": ids})
    labels = {language: _Labels(language) for language in LANGUAGES}
    written = 0
    with transaction.atomic():
        stale.delete()
        objects = queryset.order_by("pk").iterator(chunk_size=BATCH_SIZE)
        while chunk := list(islice(objects, BATCH_SIZE)):
            entries = []
            for language in LANGUAGES:
                # Translated fields read the active language: one switch per chunk.
                with override(language):
                    entries += [build(obj, labels[language]) for obj in chunk]
            SearchEntry.objects.bulk_create(entries)
            _remember_words(entries)
            written += len(entries)
    return written


def _remember_words(entries):
    """Add the entries' words to the vocabulary that typos are corrected against."""
    words = set()
    for entry in entries:
        for text in (entry.normalized_names, entry.normalized_related, entry.normalized_body):
            words.update(w for w in text.split() if 2 < len(w) <= 100 and not w.isdigit())
    SearchWord.objects.bulk_create(
        [SearchWord(word=word) for word in sorted(words)],
        batch_size=BATCH_SIZE,
        ignore_conflicts=True,
    )


def rebuild() -> dict:
    return {kind: index(kind) for kind in SearchKind.values}
