"""Search over organizations, agreements and events: one engine for the search
page and for the ``q`` filter of every list.

Each record has one ``SearchEntry`` per language (see portal.models). A query
is normalized the same way as the entries (lower case, accents and control
characters removed, length-limited), then:

- on PostgreSQL, matched by full-text search on the weighted vector (French or
  English configuration, accent-free through ``passerelle_unaccent``) or by
  trigram word similarity on names and related terms, which forgives typos
  ("Sherbroke") and partial words ("Oncopol");
- on SQLite, matched when every word of the query appears in the normalized
  texts.

Both rank exact names first, then names that start with the query, then names
that contain every word, then matches in related terms and in descriptions; on
PostgreSQL the text-search rank and trigram similarity add to that, so typo
matches rank below exact ones.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connection, transaction
from django.db.models import Case, F, FloatField, Func, Q, Value, When
from django.db.models.functions import Length
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import override

from portal.models import SearchEntry, SearchKind, SearchWord

MAX_QUERY_LENGTH = 200
LANGUAGES = ("en", "fr")
TEXT_SEARCH_CONFIGS = {"en": "english", "fr": "french"}
ALTERNATIVE_SEPARATOR = " | "
BATCH_SIZE = 2000

# Characters that are not letters, digits or spaces become spaces; words are
# what is left. Control characters (NUL included) are dropped before anything.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_NON_WORD = re.compile(r"[^\w]+")


@lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    """One character without its accents, lower case: 'É' → 'e', 'œ' → 'oe'."""
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def normalize(text: str) -> str:
    """Lower case, no accents, punctuation as spaces, single spaces."""
    text = _CONTROL.sub(" ", text or "")
    folded = text.lower() if text.isascii() else "".join(map(_fold_char, text))
    return " ".join(_NON_WORD.sub(" ", folded).split())


def clean_query(raw: str) -> str:
    """What the visitor typed, made safe to echo and to search: no control
    characters, single spaces, at most MAX_QUERY_LENGTH characters."""
    return " ".join(_CONTROL.sub(" ", raw or "").split())[:MAX_QUERY_LENGTH]


def query_words(query: str) -> list[str]:
    """The words to match: normalized, one-letter words (the d of d'entente) left out."""
    return [word for word in normalize(query).split() if len(word) > 1]


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


# ---------------------------------------------------------------- indexing


class _Labels:
    """What every entry of a language repeats, looked up once per language:
    choice labels, country names and the shape of detail URLs."""

    def __init__(self, language):
        from agreements.models import AgreementKind
        from events.models import EventKind
        from organizations.models import OrganizationKind

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


def _sources():
    from agreements.models import Agreement
    from events.models import Event
    from organizations.models import Organization

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


# ---------------------------------------------------------------- querying


def _is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def _contains_every_word(field, words):
    condition = Q()
    for word in words:
        condition &= Q(**{f"{field}__contains": word})
    return condition


def _name_rank(normalized_query, words):
    """Exact name 8, name starting with the query 4, every word in the name 2."""
    return (
        Case(
            When(
                Q(normalized_names=normalized_query)
                | Q(normalized_names__startswith=normalized_query + ALTERNATIVE_SEPARATOR)
                | Q(normalized_names__endswith=ALTERNATIVE_SEPARATOR + normalized_query)
                | Q(
                    normalized_names__contains=ALTERNATIVE_SEPARATOR
                    + normalized_query
                    + ALTERNATIVE_SEPARATOR
                ),
                then=Value(8.0),
            ),
            default=Value(0.0),
            output_field=FloatField(),
        )
        + Case(
            When(
                Q(normalized_names__startswith=normalized_query)
                | Q(normalized_names__contains=ALTERNATIVE_SEPARATOR + normalized_query),
                then=Value(4.0),
            ),
            default=Value(0.0),
            output_field=FloatField(),
        )
        + Case(
            When(_contains_every_word("normalized_names", words), then=Value(2.0)),
            default=Value(0.0),
            output_field=FloatField(),
        )
    )


def _corrections(words) -> dict[str, str]:
    """For each word of the query, the closest word of the vocabulary when the word
    itself is not in it: "massachusets" → "massachusetts". One query."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT typed.word, (
                SELECT known.word FROM portal_searchword AS known
                WHERE known.word %% typed.word
                ORDER BY similarity(known.word, typed.word) DESC, known.word
                LIMIT 1
            )
            FROM unnest(%s::text[]) AS typed(word)
            """,
            [list(words)],
        )
        return {typed: known for typed, known in cursor.fetchall() if known and known != typed}


def _text_query(words, corrections, language):
    """Every word (or its correction) must match: (w1 | c1) & w2 & …, accent-free."""
    config = TEXT_SEARCH_CONFIGS[language]

    def term(word):
        return SearchQuery(
            Func(Value(word), function="passerelle_unaccent"), config=config, search_type="plain"
        )

    combined = None
    for word in words:
        alternative = term(word)
        if word in corrections:
            alternative |= term(corrections[word])
        combined = alternative if combined is None else combined & alternative
    return combined


def _conditions(words, language, corrections):
    """(what matches, the text query or None) for the database in use."""
    if _is_postgresql():
        text_query = _text_query(words, corrections, language)
        by_name = Q(normalized_names__trigram_word_similar=" ".join(words))
        return Q(vector=text_query) | by_name, text_query
    # Every word somewhere: in the names, the related terms or the description.
    anywhere = Q(
        *[
            Q(normalized_names__contains=word)
            | Q(normalized_related__contains=word)
            | Q(normalized_body__contains=word)
            for word in words
        ]
    )
    return anywhere, None


def _ranked(entries, words, text_query):
    normalized_query = " ".join(words)
    rank = _name_rank(normalized_query, words)
    if text_query is not None:
        rank = (
            rank
            + Value(4.0) * SearchRank(F("vector"), text_query, weights=[0.1, 0.2, 0.4, 1.0])
            + TrigramWordSimilarity(normalized_query, "normalized_names")
        )
    else:
        rank = (
            rank
            + Case(
                When(_contains_every_word("normalized_related", words), then=Value(1.0)),
                default=Value(0.0),
                output_field=FloatField(),
            )
            + Case(
                When(_contains_every_word("normalized_body", words), then=Value(0.5)),
                default=Value(0.0),
                output_field=FloatField(),
            )
        )
    # Shorter names first among equals: "Québec Oncopole" before a long title.
    return entries.annotate(rank=rank).order_by("-rank", Length("normalized_names"), "title", "pk")


def _prepare(query, corrections):
    words = query_words(query)
    if words and _is_postgresql() and corrections is None:
        corrections = _corrections(words)
    return words, corrections


def matching(kind: str, query: str, language: str, corrections=None):
    """The entries of ``kind`` in ``language`` that match ``query``, annotated with
    ``rank`` (higher is better) and ordered by it. Empty for an empty query."""
    words, corrections = _prepare(query, corrections)
    entries = SearchEntry.objects.filter(kind=kind, language=language)
    if not words:
        return entries.none()
    anywhere, text_query = _conditions(words, language, corrections)
    return _ranked(entries.filter(anywhere), words, text_query)


def matching_ids(kind: str, query: str, language: str):
    """The ids of the matching records, unranked: what a list's ``q`` filter keeps."""
    words, corrections = _prepare(query, None)
    entries = SearchEntry.objects.filter(kind=kind, language=language)
    if not words:
        return entries.none().values(f"{kind}_id")
    anywhere, _text_query = _conditions(words, language, corrections)
    return entries.filter(anywhere).values(f"{kind}_id")


@dataclass
class Result:
    kind: str
    title: str
    url: str
    rank: float
    snippet: str


def search(query: str, language: str, per_kind: int = 10) -> dict[str, list[Result]]:
    """The best ``per_kind`` results of each kind, in a fixed number of queries:
    one per kind, and on PostgreSQL one more for typo corrections."""
    words, corrections = _prepare(query, None)
    results = {}
    for kind in SearchKind.values:
        entries = matching(kind, query, language, corrections).only(
            "title", "url", "names", "related", "body", "normalized_names"
        )[:per_kind]
        results[kind] = [
            Result(kind, e.title, e.url, e.rank, highlight(_best_text(e, words), words))
            for e in entries
        ]
    return results


# ---------------------------------------------------------------- snippets

SNIPPET_LENGTH = 200


def _best_text(entry, words):
    """The description if a word is found there, else the related terms, else the name."""
    for text in (entry.body, entry.related, entry.names):
        normalized = normalize(text)
        if text and any(word in normalized for word in words):
            return text
    return entry.body or entry.related or ""


def _folded_with_positions(text):
    """The text folded character by character, and for each folded character the
    index of the original character it came from."""
    folded, positions = [], []
    for index_, char in enumerate(text):
        for folded_char in _fold_char(char):
            folded.append(folded_char)
            positions.append(index_)
    return "".join(folded), positions


def highlight(text: str, words) -> str:
    """A window of ``text`` around the first match, escaped, matches in <mark>."""
    if not text:
        return ""
    folded, positions = _folded_with_positions(text)
    spans = []
    for word in words:
        for match in re.finditer(re.escape(word), folded):
            start = positions[match.start()]
            end = positions[match.end() - 1] + 1
            spans.append((start, end))
    spans.sort()
    merged = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    window_start = 0
    if merged and merged[0][0] > SNIPPET_LENGTH // 3:
        window_start = text.rfind(" ", 0, merged[0][0] - SNIPPET_LENGTH // 3) + 1
    window_end = min(len(text), window_start + SNIPPET_LENGTH)
    if window_end < len(text):
        space = text.rfind(" ", window_start, window_end)
        window_end = space if space > window_start else window_end
    pieces = ["…" if window_start > 0 else ""]
    cursor = window_start
    for start, end in merged:
        if end <= window_start or start >= window_end:
            continue
        start, end = max(start, window_start), min(end, window_end)
        pieces.append(escape(text[cursor:start]))
        pieces.append(f"<mark>{escape(text[start:end])}</mark>")
        cursor = end
    pieces.append(escape(text[cursor:window_end]))
    if window_end < len(text):
        pieces.append("…")
    # Every piece of the visitor-facing text was escaped above.
    return mark_safe("".join(pieces))
