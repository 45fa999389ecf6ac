"""Writes by natural key, counted, and the records written so far, by slug."""

from collections import defaultdict

from django.db.models import Model

from portal.publishing import Publishable


class Records:
    """Counts what a load creates or changes, so a second load can show it changed nothing."""

    def __init__(self):
        self.changed = 0
        self.by_slug: dict[type[Model], dict[str, Model]] = defaultdict(dict)

    def upsert(self, model, lookup, values):
        """Create the record, or update it only where a value differs."""
        instance = model._default_manager.filter(**lookup).first()
        if instance is None:
            instance = model(**lookup, **values)
        else:
            changed = {
                field: value for field, value in values.items() if getattr(instance, field) != value
            }
            if not changed:
                return instance
            for field, value in changed.items():
                setattr(instance, field, value)
        instance.full_clean()
        instance.save()
        self.changed += 1
        return instance

    def upsert_by_slug(self, model, row):
        """Upsert a row of the data file keyed by its slug, for later rows to refer to."""
        values = dict(row)
        slug = values.pop("slug")
        if issubclass(model, Publishable) and not values.get(f"{model.bilingual_field}_fr"):
            # A title the data gives once (a proper name, an acronym) reads the same in
            # both languages: published without a French one (portal.publishing).
            values.setdefault("same_in_both_languages", True)
        instance = self.upsert(model, {"slug": slug}, values)
        self.by_slug[model][slug] = instance
        return instance

    def set_m2m(self, manager, objects):
        if {obj.pk for obj in manager.all()} != {obj.pk for obj in objects}:
            manager.set(objects)
            self.changed += 1

    def get(self, model, slug):
        """The record loaded with this slug, or None for no slug."""
        return self.by_slug[model][slug] if slug else None

    def get_all(self, model, slugs):
        return [self.by_slug[model][slug] for slug in slugs]
