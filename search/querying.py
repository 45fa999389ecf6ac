"""Matching and ranking entries: one engine for the search page and for the
``q`` filter of every list (registered with portal.filters by search.apps).

A query is normalized the same way as the entries (lower case, accents and
control characters removed, length-limited; portal.query_text), then:

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

from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connection
from django.db.models import Case, F, FloatField, Func, Q, Value, When
from django.db.models.functions import Length

from portal.query_text import query_words
from search.indexing import ALTERNATIVE_SEPARATOR
from search.models import SearchEntry, SearchKind, SearchWord
from search.snippets import best_text, highlight

TEXT_SEARCH_CONFIGS = {"en": "english", "fr": "french"}


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
            f"""
            SELECT typed.word, (
                SELECT known.word FROM {SearchWord._meta.db_table} AS known
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


def matching_ids_of_model(model, query: str, language: str):
    """``matching_ids`` for a list of ``model`` (the lists' words box asks this way)."""
    return matching_ids(SearchKind(model._meta.model_name), query, language)


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
            Result(kind, e.title, e.url, e.rank, highlight(best_text(e, words), words))
            for e in entries
        ]
    return results
