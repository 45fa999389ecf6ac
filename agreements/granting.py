"""The associations whose members can claim benefits today: what the benefits page's
association box chooses among, and how a name typed into its address finds one.

The list is read once per language and day after each change to the data
(portal.page_cache), then from the cache. The directory's real associations number
in the dozens, so the box is a ``<select>``; a directory with more than
``CHOICES_LIMIT`` of them (the 100,000-organization benchmark has thousands) gets a
text box instead, so that no page carries thousands of options.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import get_language

from agreements.models import Benefit
from organizations.forms import LOOKED_UP
from organizations.models import Organization
from portal.compiled_reads import loaded
from portal.page_cache import cache_get, cache_set, versioned_key
from portal.query_text import normalize

# Beyond this many, the box is a text box (see the module's docstring).
CHOICES_LIMIT = 300

READ = (*LOOKED_UP, "acronym_en", "acronym_fr")


def folded_names(row) -> set[str]:
    """The names and acronyms ``row`` answers to, in either language, without accents
    or case."""
    names = (row["name_en"], row["name_fr"], row["acronym_en"], row["acronym_fr"])
    return {normalize(name) for name in names if name and normalize(name)}


def _rows(organizations, limit=None):
    return [{**row, "folded": folded_names(row)} for row in organizations.values(*READ)[:limit]]


@dataclass(frozen=True)
class GrantingAssociations:
    """The granting associations, by name as the page's language reads it, when there
    are at most ``CHOICES_LIMIT`` of them (``complete``); none when there are more (the
    box is then a text box, and a name is looked up when it is typed)."""

    rows: list[dict]
    today: datetime.date
    complete: bool = True

    def organizations(self, limit=None) -> list[Organization]:
        return [loaded(Organization, row) for row in self.rows[:limit]]

    def by_slug(self, slug) -> Organization | None:
        """The listed association with ``slug``, read from the list (no query)."""
        for row in self.rows:
            if row["slug"] == slug:
                return loaded(Organization, row)
        return None

    def named(self, value) -> list[Organization]:
        """The granting associations whose name or acronym, in either language, is
        ``value`` once accents, case and punctuation are set aside."""
        folded = normalize(value)
        if not folded:
            return []
        rows = self.rows if self.complete else self._all_named(folded)
        return [loaded(Organization, row) for row in rows if folded in row["folded"]]

    def _all_named(self, folded):
        """The rows of every granting association named ``folded``: one read of them all,
        kept for this name (a rare path: the box and the page's links give slugs)."""
        key = versioned_key("benefits:named", get_language(), self.today.isoformat(), folded)
        rows = cache_get(key)
        if rows is None:
            rows = [
                row
                for row in _rows(Benefit.objects.granting_organizations(self.today))
                if folded in row["folded"]
            ]
            cache_set(key, rows)
        return rows


def granting_associations(today: datetime.date) -> GrantingAssociations:
    """The associations whose members have benefits ``today``, by name, in one query or
    none (cached by language and day)."""
    key = versioned_key("benefits:granting", get_language(), today.isoformat())
    listed = cache_get(key)
    if listed is None:
        rows = _rows(Benefit.objects.granting_organizations(today), CHOICES_LIMIT + 1)
        # Too many to list: nothing is kept, so each page reads a small cache entry.
        listed = {"complete": len(rows) <= CHOICES_LIMIT}
        listed["rows"] = rows if listed["complete"] else []
        cache_set(key, listed)
    return GrantingAssociations(rows=listed["rows"], today=today, complete=listed["complete"])
