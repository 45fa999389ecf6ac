"""The search index: a vocabulary of words and, for each kind of record, which
records hold which word (an inverted index in plain tables, read the same way on
SQLite and PostgreSQL).

- ``SearchTerm``: every indexed word once, with how many records of each kind
  hold it. Queries are resolved against it first: exact words, words that start
  with what was typed ("oncopol" → "oncopole") and, for a word nobody wrote,
  the closest known words ("sherbroke" → "sherbrooke").
- ``OrganizationPosting``, ``AgreementPosting``, ``EventPosting``: one row per
  record and word, in any language and field, flagged when the word is in the
  record's names, with the record's precomputed importance. Their indexes give a
  word's records best first, so a page reads the top few instead of ranking
  every match.
- ``SearchName``: each record's whole names and acronyms, normalized, so that
  an exact name ("life sciences ontario", "lso") comes first.

``search.indexing`` builds all of it; nothing here is edited by hand.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class SearchKind(models.TextChoices):
    ORGANIZATION = "organization", _("organization")
    AGREEMENT = "agreement", _("agreement")
    EVENT = "event", _("event")


# The index's links to records and terms are Django's, not the database's: rows
# still go with their record (on_delete, as Django deletes), but a rebuild writes
# millions of rows without a foreign-key check for each (half of a rebuild's time
# at 100,000 organizations). The index is derived data, rebuilt from the records.
INDEX_LINK = {"db_constraint": False}


class SearchTerm(models.Model):
    """A normalized word (lower case, no accents) found in at least one record."""

    word = models.CharField(max_length=40, unique=True)
    # The first and last two letters and the length: where typed words look for the
    # words they may be the start, another form or a misspelling of.
    start = models.CharField(max_length=2)
    end = models.CharField(max_length=2)
    length = models.PositiveSmallIntegerField()
    organization_count = models.PositiveIntegerField(default=0)
    agreement_count = models.PositiveIntegerField(default=0)
    event_count = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["start", "length"], name="search_term_start_idx"),
            models.Index(fields=["end", "length"], name="search_term_end_idx"),
        ]

    def __str__(self):
        return self.word


class Posting(models.Model):
    """One word of one record. Subclasses add ``record``, the record it points to."""

    term = models.ForeignKey(SearchTerm, on_delete=models.CASCADE, db_index=False, **INDEX_LINK)
    in_name = models.BooleanField(default=False)
    # Higher first: how much the record matters among those sharing a word
    # (search.documents). Copied here so an index can return a word's best records.
    importance = models.IntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.term_id} → {self.record_id}"


def _posting_indexes(prefix):
    return [
        # A word's records, most important first: read backwards, then stopped.
        models.Index(F("term"), F("importance"), F("record"), name=f"{prefix}_term_idx"),
        # The same for words in names only.
        models.Index(
            F("term"),
            F("importance"),
            F("record"),
            name=f"{prefix}_name_idx",
            condition=Q(in_name=True),
        ),
    ]


class OrganizationPosting(Posting):
    pk = models.CompositePrimaryKey("record", "term")
    record = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+", **INDEX_LINK
    )

    class Meta:
        indexes = _posting_indexes("search_org")


class AgreementPosting(Posting):
    pk = models.CompositePrimaryKey("record", "term")
    record = models.ForeignKey(
        "agreements.Agreement", on_delete=models.CASCADE, related_name="+", **INDEX_LINK
    )

    class Meta:
        indexes = _posting_indexes("search_agr")


class EventPosting(Posting):
    pk = models.CompositePrimaryKey("record", "term")
    record = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="+", **INDEX_LINK
    )

    class Meta:
        indexes = _posting_indexes("search_evt")


class SearchName(models.Model):
    """One whole name or acronym of a record, normalized: "life sciences ontario"."""

    name = models.CharField(max_length=300, db_index=True)
    kind = models.CharField(max_length=20, choices=SearchKind)
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
        **INDEX_LINK,
    )
    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.CASCADE, null=True, related_name="+", **INDEX_LINK
    )
    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, null=True, related_name="+", **INDEX_LINK
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        kind=SearchKind.ORGANIZATION,
                        organization__isnull=False,
                        agreement__isnull=True,
                        event__isnull=True,
                    )
                    | Q(
                        kind=SearchKind.AGREEMENT,
                        organization__isnull=True,
                        agreement__isnull=False,
                        event__isnull=True,
                    )
                    | Q(
                        kind=SearchKind.EVENT,
                        organization__isnull=True,
                        agreement__isnull=True,
                        event__isnull=False,
                    )
                ),
                name="search_name_points_to_its_kind",
            ),
        ]

    def __str__(self):
        return self.name


# Each kind's postings.
POSTINGS = {
    SearchKind.ORGANIZATION: OrganizationPosting,
    SearchKind.AGREEMENT: AgreementPosting,
    SearchKind.EVENT: EventPosting,
}
