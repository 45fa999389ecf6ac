from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class SearchKind(models.TextChoices):
    ORGANIZATION = "organization", _("organization")
    AGREEMENT = "agreement", _("agreement")
    EVENT = "event", _("event")


class SearchEntry(models.Model):
    """One searchable record in one language: what global search and the lists' ``q`` read.

    Texts are kept in three weights — ``names`` (names, acronyms, titles),
    ``related`` (kind, sectors, places, parties, organizers) and ``body``
    (descriptions) — raw for PostgreSQL, whose trigger turns them into the
    weighted, accent-free ``vector`` (migration 0002), and normalized
    (lower case, no accents) for SQLite's matching and for trigram typo
    tolerance. Entries are rebuilt by ``search.indexing`` and vanish with their
    record.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=SearchKind)
    language = models.CharField(_("language"), max_length=7)
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, null=True, related_name="+"
    )
    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.CASCADE, null=True, related_name="+"
    )
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, null=True, related_name="+")
    title = models.CharField(_("title"), max_length=300)
    url = models.CharField(_("address"), max_length=500)
    names = models.TextField(_("names"))
    related = models.TextField(_("related terms"), blank=True)
    body = models.TextField(_("text"), blank=True)
    normalized_names = models.TextField()
    normalized_related = models.TextField(blank=True)
    normalized_body = models.TextField(blank=True)
    # Filled by a PostgreSQL trigger; stays empty on SQLite.
    vector = SearchVectorField(null=True, editable=False)

    class Meta:
        # The table was created when search lived in portal; its name stays, as do
        # the trigger, functions and indexes written for it (migration 0002).
        db_table = "portal_searchentry"
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
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
                name="search_entry_points_to_its_kind",
            ),
            # One entry per record and language. The language is indexed through
            # Lower() so that no b-tree answers "language = 'en'": a sixth of the
            # table, it would lure the planner away from the GIN indexes.
            models.UniqueConstraint(
                F("organization"), Lower("language"), name="search_entry_one_per_organization"
            ),
            models.UniqueConstraint(
                F("agreement"), Lower("language"), name="search_entry_one_per_agreement"
            ),
            models.UniqueConstraint(
                F("event"), Lower("language"), name="search_entry_one_per_event"
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.language})"


class SearchWord(models.Model):
    """Every word of the search entries, once: PostgreSQL corrects a query's typos
    against it ("Massachusets" → "massachusetts") by trigram similarity."""

    word = models.CharField(max_length=100, unique=True)

    class Meta:
        db_table = "portal_searchword"

    def __str__(self):
        return self.word
