"""A synthetic dataset of any size, shaped like the real one, for benchmarks.

`generate_data` drives it. Every record it creates has a slug starting with
SLUG_PREFIX (or hangs off one that does), which is how a later run finds and
replaces it without touching anything else.

Draws come from `random.Random` streams seeded from the command's seed, one per
table, and dates are spread around the fixed ANCHOR rather than today, so the
same arguments give the same rows (apart from ids and timestamps).

Rows are inserted with `bulk_create`, which skips modeltranslation's syncing of
the base column (`name`) from the default language's column (`name_en`): both
are set explicitly, see `translated()`.

- `places`: countries, regions, cities and their time zones.
- `words`: name parts, word lists, title and text templates.
- `weights`: how often each kind turns up, who organizes what, event lengths and times.
- `dates`, `text`: the anchor day, dates at a precision, slugs and translated columns.
- `plans`: what to create, before any id exists.
- `organizations`, `events`, `agreements`, `benefits`: how each resource is planned,
  and built into a model instance once the rows it refers to have ids.
- `generator`: `SyntheticData`, which plans and bulk-inserts, and `delete_synthetic()`.
"""

from demo.synthetic.generator import (
    SyntheticData,
    delete_synthetic,
    index_synthetic,
    synthetic_tables,
)

__all__ = [
    "SyntheticData",
    "delete_synthetic",
    "index_synthetic",
    "synthetic_tables",
]
