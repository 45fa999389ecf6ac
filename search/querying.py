"""Answering a query from the index (search.models): one engine, the same on
SQLite and PostgreSQL, for the search page and the lists' words box.

1. **The words.** The query's words (search.words) are looked up in the
   vocabulary in one query. Each word matches the term it is, the terms it
   starts ("oncopol" → "oncopole") and, when no term is or starts with it, the
   closest terms by edit distance ("sherbroke" → "sherbrooke"): small typos
   never stop a match. A record matches when it holds every word, in any
   language and field.
2. **The candidates.** For each kind, the rarest word's records are read from
   the index best first (by importance), keeping those that hold the other
   words too, and stopped after a few: once among records with the words in
   their names, once among all. Exact names come from ``SearchName``. No query
   reads or ranks every match, however broad the word.
3. **The ranking**, in Python over those few: exact names and acronyms first,
   then records whose names hold every word (exactly typed before corrected or
   started), the name the words cover most first; then the rest, by importance.
4. **The totals**: exact for one word (the vocabulary counts records), estimated
   for several from a sample of the rarest word's records.
"""

from dataclasses import dataclass, field
from functools import cached_property
from itertools import pairwise

from django.db import connection
from django.db.models import Q
from rapidfuzz.distance import OSA

from search.models import POSTINGS, SearchKind, SearchName, SearchTerm
from search.words import query_terms, singular

# A word of at least this length also matches the terms it starts.
PREFIX_MIN_LENGTH = 3
# A word of at least this length, matching no term, is corrected: one edit
# below LONG_WORD_LENGTH, two from it.
TYPO_MIN_LENGTH = 4
LONG_WORD_LENGTH = 8
# How many of a word's started or corrected terms drive the candidate reads.
DRIVING_TERMS = 4
# How many of a word's started terms the lists' words box accepts.
LIST_TERMS = 200
# Up to this many matches, the lists' words box tells the database how few to
# expect (see matching_ids).
FEW_RECORDS = 1000
# Records read from the index to estimate a total.
SAMPLE_SIZE = 300
# At most this many words of a query are matched.
MAX_QUERY_WORDS = 8


@dataclass
class Term:
    id: int
    word: str
    counts: dict[str, int]

    def count(self, kind) -> int:
        return self.counts[kind]


@dataclass
class Word:
    """A word of the query and the terms it matches."""

    typed: str
    exact: Term | None = None
    # The same word in the singular or plural: "universities" for "university".
    variants: list[Term] = field(default_factory=list)
    started: list[Term] = field(default_factory=list)
    corrected: list[Term] = field(default_factory=list)

    def terms(self, kind=None, limit=None) -> list[Term]:
        """Its terms held by records of ``kind``: itself and its other forms first,
        then those it starts or was corrected to, the most common first."""
        exact = ([self.exact] if self.exact else []) + self.variants
        others = self.started or self.corrected
        if kind is not None:
            exact = [term for term in exact if term.count(kind)]
            others = [term for term in others if term.count(kind)]
        others = sorted(others, key=lambda term: (-sum(term.counts.values()), term.word))
        return (exact + others)[: None if limit is None else max(limit, len(exact))]

    def count(self, kind) -> int:
        return sum(term.count(kind) for term in self.terms(kind))

    @property
    def found_as_typed(self) -> bool:
        """Whether it is in the vocabulary as typed, in another form or as a start."""
        return bool(self.exact or self.variants or self.started)

    # What ranking and snippets compare words with, once the word is resolved.
    @cached_property
    def _as_typed(self) -> frozenset[str]:
        return frozenset([self.typed, *(term.word for term in self.variants)])

    @cached_property
    def _corrections(self) -> frozenset[str]:
        return frozenset(term.word for term in self.corrected)

    def matches(self, word) -> bool:
        return (
            word in self._as_typed
            or (len(self.typed) >= PREFIX_MIN_LENGTH and word.startswith(self.typed))
            or word in self._corrections
        )

    def matches_exactly(self, word) -> bool:
        """As typed, or in its other form (singular or plural)."""
        return word in self._as_typed


@dataclass
class Plan:
    """What a query's words match, from one look-up in the vocabulary."""

    words: list[Word]

    @property
    def corrections(self) -> dict[str, str]:
        """Typed word → the term it was corrected to."""
        return {w.typed: w.corrected[0].word for w in self.words if w.corrected}

    def can_match(self, kind) -> bool:
        return bool(self.words) and all(word.terms(kind) for word in self.words)


def _allowed_distance(word) -> int:
    return 1 if len(word) < LONG_WORD_LENGTH else 2


def plan(query: str) -> Plan:
    """Look the query's words up in the vocabulary: one query (none for no words)."""
    words = [Word(typed) for typed in query_terms(query)[:MAX_QUERY_WORDS]]
    if not words:
        return Plan([])
    condition = None
    for word in words:
        typed, length = word.typed, len(word.typed)
        if length < PREFIX_MIN_LENGTH:
            q = Q(word=typed)
        else:
            # Itself, its other forms, the terms it starts, and terms a few letters
            # shorter or longer with the same first two letters, or the same last
            # two (where misspellings are looked for: "Sherbroke", "Xherbrooke").
            q = Q(start=typed[:2], length__gte=length - 2)
            if length >= TYPO_MIN_LENGTH:
                q |= Q(end=typed[-2:], length__range=(length - 2, length + 2))
        condition = q if condition is None else condition | q
    for first, second in pairwise(words):
        # Two words that one record writes as one: "lyon biopole", "Lyonbiopôle".
        condition |= Q(word=first.typed + second.typed)
    rows = SearchTerm.objects.filter(condition).values_list(
        "id", "word", "organization_count", "agreement_count", "event_count"
    )
    terms = [
        Term(id_, word, dict(zip(SearchKind.values, counts, strict=True)))
        for id_, word, *counts in rows
        if any(counts)
    ]
    for word in words:
        _resolve(word, terms)
    return Plan(_joined(words, terms))


def _joined(words: list[Word], terms: list[Term]) -> list[Word]:
    """The words, two neighbours made one where one of them is not in the
    vocabulary as typed and the two written together are: "lyon biopole"."""
    known = {term.word for term in terms}
    joined, skip = [], False
    for first, second in zip(words, [*words[1:], None], strict=True):
        if skip:
            skip = False
            continue
        together = second and first.typed + second.typed
        if together in known and not (first.found_as_typed and second.found_as_typed):
            word = Word(together)
            _resolve(word, terms)
            joined.append(word)
            skip = True
        else:
            joined.append(first)
    return joined


def _resolve(word: Word, terms: list[Term]):
    typed = word.typed
    stem = singular(typed)
    for term in terms:
        if term.word == typed:
            word.exact = term
        elif len(typed) >= PREFIX_MIN_LENGTH and singular(term.word) == stem:
            word.variants.append(term)
        elif len(typed) >= PREFIX_MIN_LENGTH and term.word.startswith(typed):
            word.started.append(term)
    if word.found_as_typed or len(typed) < TYPO_MIN_LENGTH:
        return
    allowed = _allowed_distance(typed)
    distances = {
        term.word: distance
        for term in terms
        if abs(len(term.word) - len(typed)) <= allowed
        # A short word keeps its first letter: "rare" is not "care".
        and (len(typed) >= LONG_WORD_LENGTH - 2 or term.word[0] == typed[0])
        and (distance := OSA.distance(typed, term.word, score_cutoff=allowed)) <= allowed
    }
    if distances:
        best = min(distances.values())
        word.corrected = sorted(
            (term for term in terms if distances.get(term.word) == best),
            key=lambda term: (-sum(term.counts.values()), term.word),
        )


# ------------------------------------------------------------------ the lists' words box


def matching_ids(kind: str, query: str):
    """The ids of the records of ``kind`` that hold every word of ``query``, as a
    one-column queryset to filter a list with (a subquery, not a list)."""
    postings = POSTINGS[kind]
    words = plan(query)
    if not words.can_match(kind):
        return postings.objects.none().values("record_id")
    ordered = sorted(words.words, key=lambda word: word.count(kind))

    def holding(word):
        terms = [term.id for term in word.terms(kind, LIST_TERMS)]
        return postings.objects.filter(term_id__in=terms).values("record_id")

    # The rarest word's records that hold each other word: one level of subqueries
    # however many words (SQLite's parser limits how deep they may nest).
    ids = holding(ordered[0])
    for word in ordered[1:]:
        ids = ids.filter(record_id__in=holding(word))
    rarest = ordered[0].count(kind)
    if rarest > FEW_RECORDS:
        return ids
    # At most the rarest word's few records, which the vocabulary counts: saying
    # so (with room for records indexed meanwhile) keeps the database from
    # planning for hundreds, and walking a whole list in its order to find four.
    return ids[: 2 * rarest + 100]


def matching_ids_of_model(model, query: str, language: str | None = None):
    """``matching_ids`` for a list of ``model`` (the lists' words box asks this way;
    both languages match whichever is shown, so ``language`` changes nothing)."""
    return matching_ids(SearchKind(model._meta.model_name), query)


# ------------------------------------------------------------------ the search page


# Where a candidate was read: an exact name, a walk among names, among all words.
EXACT_NAME, IN_NAMES, ANYWHERE, SAMPLE = 0, 1, 2, 3


@dataclass
class Candidate:
    kind: str
    record_id: int
    importance: int
    source: int


@dataclass
class Count:
    total: int
    estimated: bool


def _placeholders(values) -> str:
    return ", ".join(["%s"] * len(values))


def _holding(table, outer, others: list[list[Term]], in_name=False):
    """SQL conditions (and their parameters) that the record of the row ``outer``
    holds one of the terms of each of ``others`` (in its names, with ``in_name``)."""
    conditions, params = [], []
    for terms in others:
        ids = [term.id for term in terms]
        conditions.append(
            f"EXISTS (SELECT 1 FROM {table} q WHERE q.record_id = {outer}.record_id"
            f" AND q.term_id IN ({_placeholders(ids)}){' AND q.in_name' if in_name else ''})"
        )
        params += ids
    return conditions, params


class _Reader:
    """The candidates and counts of every kind, read in one statement."""

    def __init__(self):
        self.parts: list[str] = []
        self.params: list = []

    def walk(self, kind, driver: Term, others: list[list[Term]], in_name: bool, limit: int):
        """The ``limit`` most important records holding ``driver`` and every other
        word (in their names, with ``in_name``), read backwards from an index."""
        table = POSTINGS[kind]._meta.db_table
        conditions, params = _holding(table, "p", others, in_name)
        sql = (
            f"SELECT p.record_id, p.importance FROM {table} p WHERE p.term_id = %s"
            + (" AND p.in_name" if in_name else "")
            + "".join(f" AND {condition}" for condition in conditions)
            + " ORDER BY p.importance DESC, p.record_id DESC LIMIT %s"
        )
        source = IN_NAMES if in_name else ANYWHERE
        self.parts.append(
            f"SELECT %s AS kind, record_id, importance, {source} AS source "
            f"FROM ({sql}) AS walk{len(self.parts)}"
        )
        self.params += [kind, driver.id, *params, limit]

    def sample(self, kind, driver_terms: list[Term], others: list[list[Term]], step: int):
        """How many records hold every word, from one in ``step`` of the driving
        word's postings (by record id, so a fair sample): each sampled posting
        counts 1/k when its record holds k of the driving terms, so a record is
        counted once however many of them it holds. Read back as (sum in
        record_id, sample size in importance)."""
        table = POSTINGS[kind]._meta.db_table
        driver_ids = [term.id for term in driver_terms]
        conditions, params = _holding(table, "s", others)
        held = " AND ".join(conditions) or "1 = 1"
        if len(driver_ids) == 1:
            terms_held, terms_params = "1", []
        else:
            terms_held = (
                f"(SELECT count(*) FROM {table} k WHERE k.record_id = p.record_id"
                f" AND k.term_id IN ({_placeholders(driver_ids)}))"
            )
            terms_params = driver_ids
        self.parts.append(
            f"SELECT %s AS kind, coalesce(sum(CASE WHEN {held} THEN 1.0 / s.held ELSE 0 END), 0)"
            f" AS record_id, count(*) AS importance, {SAMPLE} AS source"
            f" FROM (SELECT p.record_id, {terms_held} AS held FROM {table} p"
            f" WHERE p.term_id IN ({_placeholders(driver_ids)}) AND p.record_id %% %s = 0) AS s"
        )
        self.params += [kind, *params, *terms_params, *driver_ids, step]

    def exact_names(self, name):
        table = SearchName._meta.db_table
        self.parts.append(
            "SELECT kind, coalesce(organization_id, agreement_id, event_id) AS record_id, "
            f"0 AS importance, {EXACT_NAME} AS source FROM {table} WHERE name = %s"
        )
        self.params.append(name)

    def read(self):
        sql = " UNION ALL ".join(
            f"SELECT * FROM ({part}) AS part{n}" for n, part in enumerate(self.parts)
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, self.params)
            return cursor.fetchall()


def candidates(words: Plan, per_kind: int):
    """For each kind, the records worth ranking and the total: one query."""
    reader = _Reader()
    counts, complete, steps = {}, {}, {}
    for kind in SearchKind.values:
        if not words.can_match(kind):
            counts[kind] = Count(0, estimated=False)
            continue
        ordered = sorted(words.words, key=lambda word: word.count(kind))
        driver = ordered[0]
        others = [word.terms(kind, LIST_TERMS) for word in ordered[1:]]
        driver_terms = driver.terms(kind)
        for term in driver_terms[:DRIVING_TERMS]:
            # A few more among names, for ranking by how much of a name the words cover.
            reader.walk(kind, term, others, in_name=True, limit=per_kind + 5)
            reader.walk(kind, term, others, in_name=False, limit=per_kind)
        # Fewer results than asked for are all of them when every term was read.
        complete[kind] = len(driver_terms) <= DRIVING_TERMS
        postings = sum(term.count(kind) for term in driver_terms)
        if not others and len(driver_terms) == 1:
            # One word, one term: the vocabulary counts its records.
            counts[kind] = Count(postings, estimated=False)
        else:
            steps[kind] = max(1, postings // SAMPLE_SIZE)
            reader.sample(kind, driver_terms[:LIST_TERMS], others, steps[kind])
    found = {kind: [] for kind in SearchKind.values}
    if not reader.parts:
        return found, counts, complete
    reader.exact_names(" ".join(word.typed for word in words.words))
    for kind, record_id, importance, source in reader.read():
        if source == SAMPLE:
            step = steps[kind]
            counts[kind] = Count(round(float(record_id) * step), estimated=step > 1)
        else:
            found[kind].append(Candidate(kind, record_id, importance, source))
    return found, counts, complete
