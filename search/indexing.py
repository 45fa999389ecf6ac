"""Building the search index (search.models) from the records (search.documents).

- ``rebuild()`` starts over: it empties the index and writes every record's
  words in bulk — on PostgreSQL with COPY, the postings' secondary indexes
  dropped during the load and built after it (much faster than keeping them up
  to date row by row).
- ``index(kind, ids)`` rewrites the words of some records, after an admin save
  (search.receivers) or a bulk write, and keeps the vocabulary's counts right.
"""

from collections import Counter
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest

from search.documents import DOCUMENTS, MODELS
from search.models import POSTINGS, SearchKind, SearchName, SearchTerm
from search.words import words_of

BATCH_SIZE = 5000


def _documents(kind, ids):
    """The documents of the records of ``kind`` (those of ``ids``, or all), in
    batches of consecutive ids."""
    model = MODELS[kind]
    records = model.objects.all() if ids is None else model.objects.filter(pk__in=ids)
    pks = list(records.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), BATCH_SIZE):
        first, last = pks[start], pks[min(start + BATCH_SIZE, len(pks)) - 1]
        yield DOCUMENTS[kind](records.filter(pk__gte=first, pk__lte=last))


NAME_COLUMNS = ("name", "kind", "organization_id", "agreement_id", "event_id")
POSTING_COLUMNS = ("record_id", "term_id", "in_name", "importance")


def _name_rows(kind, documents):
    """(name, kind, organization, agreement, event) for every name of every document,
    without the small words, as queries are matched: "universite montreal"."""
    rows = []
    for document in documents:
        ids = dict.fromkeys(NAME_COLUMNS[2:]) | {f"{kind}_id": document.record_id}
        names = dict.fromkeys(" ".join(words_of(name))[:300] for name in document.names)
        rows += [(name, kind, *ids.values()) for name in names if name]
    return rows


class _Vocabulary:
    """Word → term id, adding the words it has not seen (one query per batch)."""

    def __init__(self, known=None):
        self.ids = dict(known or {})

    def ids_of(self, words) -> dict[str, int]:
        new = sorted(word for word in words if word not in self.ids)
        if new:
            # Another save may add the same word at the same time: keep theirs.
            SearchTerm.objects.bulk_create(
                [
                    SearchTerm(word=word, start=word[:2], end=word[-2:], length=len(word))
                    for word in new
                ],
                batch_size=BATCH_SIZE,
                ignore_conflicts=True,
            )
            for start in range(0, len(new), BATCH_SIZE):
                batch = new[start : start + BATCH_SIZE]
                self.ids.update(SearchTerm.objects.filter(word__in=batch).values_list("word", "id"))
        return self.ids


def _posting_rows(documents, vocabulary):
    """(record, term, in name, importance) for every word of every document."""
    words_by_document = [(d, d.name_words(), d.all_words()) for d in documents]
    ids = vocabulary.ids_of(set().union(*(words for _d, _n, words in words_by_document)))
    return [
        (document.record_id, ids[word], word in in_name, document.importance)
        for document, in_name, words in words_by_document
        for word in sorted(words)
    ]


def _add_counts(kind, deltas: Counter):
    """Add each term's change in records of ``kind``: one UPDATE per distinct change."""
    by_delta = {}
    for term_id, delta in deltas.items():
        if delta:
            by_delta.setdefault(delta, []).append(term_id)
    column = f"{kind}_count"
    for delta, term_ids in by_delta.items():
        # Never below zero, whatever a concurrent rebuild did meanwhile.
        SearchTerm.objects.filter(pk__in=term_ids).update(
            **{column: Greatest(F(column) + delta, 0)}
        )


def forget(kind: str, ids):
    """Take the records of ``kind`` whose ids are ``ids`` out of the vocabulary's
    counts, before they are deleted (their postings go with them)."""
    stale = POSTINGS[kind].objects.filter(record__in=ids).values_list("term_id", flat=True)
    _add_counts(kind, Counter(dict.fromkeys(stale, -1)))


def index(kind: str, ids) -> int:
    """Rewrite the index of the records of ``kind`` whose ids are ``ids`` (a list,
    or a queryset of ids for large sets); return how many records were indexed."""
    postings = POSTINGS[kind]
    written = 0
    with transaction.atomic():
        stale = postings.objects.filter(record__in=ids)
        deltas = Counter()
        deltas.subtract(stale.values_list("term_id", flat=True))
        stale.delete()
        SearchName.objects.filter(kind=kind, **{f"{kind}__in": ids}).delete()
        vocabulary = _Vocabulary()
        for documents in _documents(kind, ids):
            rows = _posting_rows(documents, vocabulary)
            _copy(postings, POSTING_COLUMNS, rows)
            deltas.update(term_id for _r, term_id, _n, _i in rows)
            _copy(SearchName, NAME_COLUMNS, _name_rows(kind, documents))
            written += len(documents)
        _add_counts(kind, deltas)
    return written


# ------------------------------------------------------------------ rebuilding


@contextmanager
def _secondary_indexes_dropped():
    """On PostgreSQL, drop the postings' and names' indexes during a bulk load and
    build them after it. Elsewhere, leave them: the data is small."""
    if connection.vendor != "postgresql":
        yield
        return
    models = [*POSTINGS.values(), SearchName]
    with connection.schema_editor() as editor:
        for model in models:
            for index in model._meta.indexes:
                editor.remove_index(model, index)
    yield
    with connection.cursor() as cursor:
        # The rows' deferred foreign-key checks run now: an index cannot be built
        # over a table with checks pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        # Sorting millions of postings in memory rather than on disk.
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
    with connection.schema_editor() as editor:
        for model in models:
            for index in model._meta.indexes:
                editor.add_index(model, index)


def _copy(model, columns, rows):
    """Write ``rows`` (tuples in the order of ``columns``) into ``model``'s table:
    with COPY on PostgreSQL, in batches of INSERTs elsewhere."""
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(model._meta.db_table)
        statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
    else:
        model.objects.bulk_create(
            [model(**dict(zip(columns, row, strict=True))) for row in rows],
            batch_size=BATCH_SIZE,
        )


def clear():
    """Empty the index (before the records it points to are deleted in bulk)."""
    if connection.vendor == "postgresql":
        tables = [model._meta.db_table for model in [*POSTINGS.values(), SearchName, SearchTerm]]
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE " + ", ".join(map(connection.ops.quote_name, tables)))
    else:
        for model in [*POSTINGS.values(), SearchName, SearchTerm]:
            model.objects.all().delete()


def rebuild() -> int:
    """Index every record of every kind from scratch; return how many records."""
    written = 0
    with transaction.atomic():
        clear()
        vocabulary = _Vocabulary()
        with _secondary_indexes_dropped():
            for kind in SearchKind.values:
                for documents in _documents(kind, None):
                    _copy(POSTINGS[kind], POSTING_COLUMNS, _posting_rows(documents, vocabulary))
                    _copy(SearchName, NAME_COLUMNS, _name_rows(kind, documents))
                    written += len(documents)
        _count_records()
    return written


def _count_records():
    """Set every term's counts from the postings: one UPDATE, each count read
    from the index of its term's postings."""
    SearchTerm.objects.update(
        **{
            f"{kind}_count": Coalesce(
                Subquery(
                    postings.objects.filter(term_id=OuterRef("pk"))
                    .order_by()
                    .values("term_id")
                    .annotate(n=Count("*"))
                    .values("n")
                ),
                0,
            )
            for kind, postings in POSTINGS.items()
        }
    )
