"""From a query to what the search page shows: the candidates read from the index
(search.querying) are fetched as records, ranked, and given a title, a link and
a snippet in the page's language."""

import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import override

from agreements.models import Agreement
from events.models import Event
from organizations.models import Organization
from portal.query_text import normalize
from search import querying
from search.documents import LANGUAGES, choice_labels, names_of, word_list
from search.models import SearchKind
from search.snippets import marked_sentence
from search.words import words_of

_TOKEN = re.compile(r"\w+")


# Each kind's records as a result shows them, and the texts its snippet is taken from.
def _translated(*names):
    return [f"{name}{suffix}" for name in names for suffix in ("", "_en", "_fr")]


# Functions of today's date: an agreement shows where it stands (agreements.lifecycle).
RECORDS = {
    SearchKind.ORGANIZATION: lambda today: Organization.objects.only(
        "slug",
        "kind",
        "city",
        "region",
        "country",
        "founded_year",
        *_translated("name", "acronym", "description"),
    ),
    SearchKind.AGREEMENT: lambda today: Agreement.objects.with_state(today).only(
        "slug",
        "kind",
        "status",
        "signed_on",
        "signed_on_precision",
        *_translated("title", "signing_place", "summary", "objectives"),
    ),
    SearchKind.EVENT: lambda today: Event.objects.select_related("series").only(
        "slug",
        "kind",
        "edition",
        "start_date",
        "end_date",
        "date_precision",
        "venue",
        "city",
        "region",
        "country",
        *_translated("name", "description"),
        *(f"series__{name}" for name in _translated("name")),
    ),
}
SNIPPET_TEXTS = {
    SearchKind.ORGANIZATION: ("description",),
    SearchKind.AGREEMENT: ("summary", "objectives"),
    SearchKind.EVENT: ("description",),
}
TITLES = {
    SearchKind.ORGANIZATION: lambda record: record.name,
    SearchKind.AGREEMENT: lambda record: record.title,
    SearchKind.EVENT: lambda record: record.display_name,
}


def _what_and_where(kind, record) -> list[str]:
    """What the record is and where, in both languages: a word found there ranks
    above one found in a description ("Lyon": organizations in Lyon before those
    that mention it; "universities": universities first)."""
    labels = choice_labels()
    texts = list(labels.kinds[record.kind])
    if kind == SearchKind.AGREEMENT:
        return [*texts, record.signing_place_en, record.signing_place_fr]
    texts += [getattr(record, "venue", ""), record.city, record.region]
    return texts + list(labels.countries.get(record.country.code, ()))


# Ranks: tiers ten apart; within a tier, how much of a name the words cover
# (0–5), then the kind (organizations first: the portal is where partners are
# found), then the record's importance (0–0.5).
KIND_PREFERENCE = {
    SearchKind.ORGANIZATION: 1.0,
    SearchKind.AGREEMENT: 0.5,
    SearchKind.EVENT: 0.0,
}
EXACT_NAME, NAME_AS_TYPED, NAME_CORRECTED_OR_STARTED = 50, 40, 30
NAME_KIND_OR_PLACE, ELSEWHERE = 20, 10


@dataclass
class Result:
    kind: str
    record: object
    title: str
    url: str
    rank: float
    # The marked sentence, and its language when it is not the page's.
    snippet: str = ""
    snippet_language: str | None = None


@dataclass
class Group:
    kind: str
    results: list[Result]
    total: int
    estimated: bool

    @property
    def more(self) -> bool:
        """Whether the list holds matches this group does not show."""
        return self.total > len(self.results)

    @property
    def shown_total(self) -> int:
        """The total as the page says it: an estimate to two significant digits
        ("about 31,000"), an exact count as it is."""
        if not self.estimated or self.total < 100:
            return self.total
        return round(self.total, 2 - len(str(self.total)))


@dataclass
class SearchResults:
    groups: list[Group]
    # The query with its misspelled words corrected, when some were.
    suggestion: str = ""

    @property
    def found(self) -> bool:
        return any(group.results for group in self.groups)


def rank(kind, record, words: list[querying.Word], candidate) -> float:
    """How well ``record`` answers the words (higher is better)."""
    names = [word_list(name) for name in names_of(kind, record)]
    typed = {word.typed for word in words}
    name_words = {word for name in names for word in name}
    if candidate.source == querying.EXACT_NAME or any(set(name) == typed for name in names):
        tier = EXACT_NAME
    elif all(any(w.matches_exactly(n) for n in name_words) for w in words):
        tier = NAME_AS_TYPED
    elif all(any(w.matches(n) for n in name_words) for w in words):
        tier = NAME_CORRECTED_OR_STARTED
    elif all(
        any(w.matches(n) for n in name_words.union(*map(word_list, _what_and_where(kind, record))))
        for w in words
    ):
        tier = NAME_KIND_OR_PLACE
    else:
        tier = ELSEWHERE
    coverage = max(
        (sum(any(w.matches(n) for w in words) for n in name) / len(name) for name in names if name),
        default=0,
    )
    importance = max(candidate.importance, 0)
    return tier + 5 * coverage + KIND_PREFERENCE[kind] + 0.5 * importance / (importance + 100)


def _snippet(kind, record, words, language):
    """The best sentence in the page's language, else in the other one."""

    def matches(word):
        return any(w.matches(word) for w in words)

    for snippet_language in (language, *(other for other in LANGUAGES if other != language)):
        texts = [getattr(record, f"{name}_{snippet_language}") for name in SNIPPET_TEXTS[kind]]
        if snippet := marked_sentence(texts, matches):
            return snippet, (None if snippet_language == language else snippet_language)
    return "", None


def search(query: str, language: str, per_kind: int = 10, today=None) -> SearchResults:
    """The best ``per_kind`` results of each kind with their totals, in a fixed
    number of queries: the vocabulary, the candidates, and one per kind found.
    Agreements are shown as they stand on ``today`` (by default, the local date)."""
    today = today or timezone.localdate()
    plan = querying.plan(query)
    found, counts, complete = querying.candidates(plan, per_kind)
    ranked = {}
    for kind, candidates in found.items():
        if not candidates:
            ranked[kind] = []
            continue
        best = {}
        for candidate in candidates:
            kept = best.get(candidate.record_id)
            if kept is None or candidate.source < kept.source:
                best[candidate.record_id] = candidate
        records = RECORDS[kind](today).in_bulk(list(best))
        scored = [
            (rank(kind, record, plan.words, best[pk]), pk, record) for pk, record in records.items()
        ]
        scored.sort(key=lambda item: (-item[0], item[1]))
        ranked[kind] = scored[:per_kind]
    groups = []
    with override(language):
        for kind in SearchKind.values:
            results = []
            for score, _pk, record in ranked[kind]:
                snippet, snippet_language = _snippet(kind, record, plan.words, language)
                results.append(
                    Result(
                        kind,
                        record,
                        TITLES[kind](record),
                        record.get_absolute_url(),
                        score,
                        snippet,
                        snippet_language,
                    )
                )
            count = counts[kind]
            if len(results) < per_kind and complete.get(kind, True):
                count = querying.Count(len(results), estimated=False)
            groups.append(Group(kind, results, max(count.total, len(results)), count.estimated))
    # The kind with the best result first.
    groups.sort(key=lambda group: -group.results[0].rank if group.results else 0)
    return SearchResults(groups, _suggestion(query, plan, groups))


def _suggestion(query, plan, groups) -> str:
    """The query as typed with its misspelled words replaced, each written as the
    results write it ("Université de Sherbrooke" for "Université de Sherbroke")."""
    corrections = plan.corrections
    if not corrections:
        return ""
    written = {}
    for group in groups:
        for result in group.results:
            for token in _TOKEN.findall(result.title):
                written.setdefault(normalize(token), token)

    def replace(match):
        typed = words_of(match.group())
        if len(typed) == 1 and typed[0] in corrections:
            corrected = corrections[typed[0]]
            return written.get(corrected, corrected)
        return match.group()

    return _TOKEN.sub(replace, query)
