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
from itertools import islice

from django.db import connection, transaction
from django.db.models import F

from search.documents import SOURCES, Labels
from search.models import POSTINGS, SearchKind, SearchName, SearchTerm
from search.words import words_of

BATCH_SIZE = 2000


def _documents(kind, records):
    make_queryset, build = SOURCES[kind]
    labels = Labels()
    queryset = make_queryset()
    if records is not None:
        queryset = queryset.filter(pk__in=records)
    rows = queryset.order_by("pk").iterator(chunk_size=BATCH_SIZE)
    while chunk := list(islice(rows, BATCH_SIZE)):
        yield [build(record, labels) for record in chunk]


def _name_rows(kind, document):
    # Without the small words, as queries are matched: "universite montreal".
    names = dict.fromkeys(" ".join(words_of(name))[:300] for name in document.names)
    return [
        SearchName(name=name, kind=kind, **{f"{kind}_id": document.record_id})
        for name in names
        if name
    ]


class _Vocabulary:
    """Word → term id, adding the words it has not seen (one query per batch)."""

    def __init__(self, known=None):
        self.ids = dict(known or {})

    def ids_of(self, words) -> dict[str, int]:
        new = sorted(word for word in words if word not in self.ids)
        if new:
            # Another save may add the same word at the same time: keep theirs.
            SearchTerm.objects.bulk_create(
                [SearchTerm(word=word, start=word[:2], length=len(word)) for word in new],
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
        SearchTerm.objects.filter(pk__in=term_ids).update(**{column: F(column) + delta})


def index(kind: str, ids) -> int:
    """Rewrite the index of the records of ``kind`` whose ids are ``ids`` (a list,
    or a queryset of ids for large sets); return how many records were indexed."""
    postings = POSTINGS[kind]
    written = 0
    with transaction.atomic():
        stale = postings.objects.filter(record__in=ids)
        deltas = Counter(stale.values_list("term_id", flat=True))
        for term_id in deltas:
            deltas[term_id] = -deltas[term_id]
        stale.delete()
        SearchName.objects.filter(kind=kind, **{f"{kind}__in": ids}).delete()
        vocabulary = _Vocabulary()
        for documents in _documents(kind, ids):
            rows = _posting_rows(documents, vocabulary)
            postings.objects.bulk_create(
                [postings(record_id=r, term_id=t, in_name=n, importance=i) for r, t, n, i in rows]
            )
            deltas.update(term_id for _r, term_id, _n, _i in rows)
            SearchName.objects.bulk_create([n for d in documents for n in _name_rows(kind, d)])
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
    with connection.schema_editor() as editor:
        for model in models:
            for index in model._meta.indexes:
                editor.add_index(model, index)


def _write_postings(kind, rows):
    postings = POSTINGS[kind]
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(postings._meta.db_table)
        with connection.cursor() as cursor:
            copy = f"COPY {table} (record_id, term_id, in_name, importance) FROM STDIN"
            with cursor.cursor.copy(copy) as stream:
                for row in rows:
                    stream.write_row(row)
    else:
        postings.objects.bulk_create(
            [postings(record_id=r, term_id=t, in_name=n, importance=i) for r, t, n, i in rows],
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
        counts = {kind: Counter() for kind in SearchKind.values}
        with _secondary_indexes_dropped():
            for kind in SearchKind.values:
                for documents in _documents(kind, None):
                    rows = _posting_rows(documents, vocabulary)
                    _write_postings(kind, rows)
                    counts[kind].update(term_id for _r, term_id, _n, _i in rows)
                    SearchName.objects.bulk_create(
                        [n for d in documents for n in _name_rows(kind, d)]
                    )
                    written += len(documents)
        terms = list(SearchTerm.objects.only("pk"))
        for term in terms:
            for kind in SearchKind.values:
                setattr(term, f"{kind}_count", counts[kind][term.pk])
        SearchTerm.objects.bulk_update(
            terms, [f"{kind}_count" for kind in SearchKind.values], batch_size=BATCH_SIZE
        )
    return written
