"""Merging two records of one organization, and undoing a merge.

``merge_organizations(kept, merged, author=…)`` moves every reference to
``merged`` onto ``kept`` and deletes ``merged``; ``revert_merge(merge, author=…)``
puts it all back. The references are found from the model's relations, not
listed here, so that a model added later (in this app or an app above it) is
moved too: every foreign key to Organization, including the ``owner`` fields
(related name "+"), and every many-to-many list of organizations (a benefit's
"granted to", a staff account's associations). Links without a database
constraint are copies, not references: the history tables' and the search
index's (the index follows through ``portal.signals.admin_saved``).

A row that would repeat one ``kept`` already has (the same party to an agreement,
the same contact name, the same membership) or would relate ``kept`` to itself
is not moved but deleted, and noted so that a revert recreates it; rows that
pointed to it (a party's signer) point to its twin meanwhile. The kept record's
own fields stay as they were: a merge only moves links.

Every row moved or deleted is saved through django-simple-history with the
merge's author and a change reason, so that each record's history shows it.
"""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from simple_history.utils import get_history_manager_for_model

from organizations.models import Organization, OrganizationMerge
from portal.history import restore_m2m
from portal.signals import admin_saved

# simple-history's change reason column holds this many characters.
REASON_LENGTH = 100


class CannotMerge(Exception):
    """The merge or its revert cannot be done safely; the message says why, for staff."""


# Finding the references ---------------------------------------------------------------


def _is_reference(field):
    """A link that names an organization, as opposed to a copy of one (history, index)."""
    return getattr(field, "db_constraint", True) and field.model is not OrganizationMerge


def foreign_keys():
    """{model: [foreign keys to Organization]} for every model holding one."""
    found = {}
    for relation in Organization._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete):
            continue
        if not (relation.one_to_many or relation.one_to_one):
            continue
        field = relation.field
        if field.model._meta.auto_created or not _is_reference(field):
            # An automatic many-to-many table: see many_to_many_lists().
            continue
        found.setdefault(field.model, []).append(field)
    return found


def many_to_many_lists():
    """The many-to-many fields of other models whose lists hold organizations (the
    lists with a model of their own, parties or event roles, are foreign keys)."""
    return [
        relation.field
        for relation in Organization._meta.get_fields(include_hidden=True)
        if relation.many_to_many
        and relation.auto_created
        and relation.field.remote_field.through._meta.auto_created
        and _is_reference(relation.field)
    ]


def reference_counts(organizations):
    """{organization pk: [(kind of reference, count)]}: what merging each of
    ``organizations`` would move, one query per kind of reference."""
    pks = [organization.pk for organization in organizations]
    counts = {pk: [] for pk in pks}
    kinds = []
    for model, fields in foreign_keys().items():
        for field in fields:
            kinds.append((model._base_manager, field.name, _kind_label(field)))
    for field in many_to_many_lists():
        through = field.remote_field.through
        kinds.append((through._base_manager, field.m2m_reverse_field_name(), _kind_label(field)))
    for manager, name, label in kinds:
        found = dict(
            manager.filter(**{f"{name}__in": pks})
            .order_by()
            .values_list(name)
            .annotate(n=Count("*"))
            .values_list(name, "n")
        )
        for pk in pks:
            if found.get(pk):
                counts[pk].append((label, found[pk]))
    return counts


def _kind_label(field):
    """The rows and the link that names the organization: "Parties (organization)"."""
    return f"{capfirst(field.model._meta.verbose_name_plural)} ({field.verbose_name})"


# Merging ------------------------------------------------------------------------------


def _reason(merge, verb):
    return (verb % {"name": merge.merged_name, "number": merge.pk})[:REASON_LENGTH]


def _save(row, author, reason):
    row._history_user = author
    row._change_reason = reason
    row.save()


def _delete(row, author, reason):
    row._history_user = author
    row._change_reason = reason
    row.delete()


def _breaks_a_constraint(row):
    try:
        row.validate_unique()
        row.validate_constraints()
    except ValidationError:
        return True
    return False


def _twin(row):
    """The row that ``row`` would repeat under one of its unique constraints, if any."""
    against = row._get_field_expression_map(meta=row._meta)
    for constraint in row._meta.constraints:
        if not isinstance(constraint, models.UniqueConstraint) or not constraint.fields:
            continue
        values = {
            name: getattr(row, row._meta.get_field(name).attname) for name in constraint.fields
        }
        if None in values.values():
            continue
        if constraint.condition is not None and not constraint.condition.check(against):
            continue
        twin = type(row)._base_manager.filter(**values).exclude(pk=row.pk).first()
        if twin is not None:
            return twin
    return None


def _incoming(row):
    """The foreign keys of other rows that may point to ``row``, and may be emptied."""
    return [
        relation.field
        for relation in row._meta.related_objects
        if relation.one_to_many and _is_reference(relation.field)
    ]


def _remove(row, author, reason, log):
    """Delete ``row``, which would repeat a row ``kept`` has; what pointed to it points
    to its twin (or nothing), noted for the revert."""
    twin = _twin(row)
    for field in _incoming(row):
        if field.remote_field.on_delete is not models.SET_NULL:
            if field.model._base_manager.filter(**{field.name: row.pk}).exists():
                raise CannotMerge(
                    gettext("%(record)s cannot be removed: other records depend on it.")
                    % {"record": row}
                )
            continue
        for other in field.model._base_manager.filter(**{field.name: row.pk}):
            setattr(other, field.attname, twin.pk if twin is not None else None)
            _save(other, author, reason)
            log["relinked"].append(
                {
                    "model": other._meta.label,
                    "pk": other.pk,
                    "field": field.attname,
                    "from": row.pk,
                    "to": twin.pk if twin is not None else None,
                }
            )
    log["removed"].append({"model": row._meta.label, "pk": row.pk})
    _delete(row, author, reason)


@transaction.atomic
def merge_organizations(kept, merged, *, author) -> OrganizationMerge:
    """Move every reference to ``merged`` onto ``kept``, then delete ``merged``."""
    if kept.pk == merged.pk:
        raise CannotMerge(gettext("An organization cannot be merged with itself."))
    # Locked, so that no save moves a link to ``merged`` meanwhile.
    locked = Organization._base_manager.select_for_update().filter(pk__in=[kept.pk, merged.pk])
    if len(locked.values_list("pk", flat=True)) != 2:
        raise CannotMerge(gettext("Nothing was merged: one of these organizations was deleted."))
    merge = OrganizationMerge.objects.create(
        kept=kept,
        merged_id=merged.pk,
        merged_name=str(merged)[:300],
        author=author,
        log={},
    )
    reason = _reason(merge, gettext("Merge %(number)s: %(name)s merged into this record"))
    log = {"moved": [], "removed": [], "relinked": [], "lists": []}
    for model, fields in foreign_keys().items():
        condition = models.Q()
        for field in fields:
            condition |= models.Q(**{field.name: merged.pk})
        for row in model._base_manager.filter(condition).order_by("pk"):
            if type(row) is Organization and row.pk == merged.pk:
                continue
            moved = [f.attname for f in fields if getattr(row, f.attname) == merged.pk]
            for attname in moved:
                setattr(row, attname, kept.pk)
            if _breaks_a_constraint(row):
                for attname in moved:
                    setattr(row, attname, merged.pk)
                _remove(row, author, reason, log)
                continue
            _save(row, author, reason)
            log["moved"].append({"model": row._meta.label, "pk": row.pk, "fields": moved})
    for field in many_to_many_lists():
        for owner in field.model._base_manager.filter(**{field.name: merged.pk}).order_by("pk"):
            links = getattr(owner, field.name)
            had_kept = links.filter(pk=kept.pk).exists()
            links.remove(merged.pk)
            if not had_kept:
                links.add(kept.pk)
            if hasattr(owner, "history"):
                # A new version, with the list as it now is.
                _save(owner, author, reason)
            log["lists"].append(
                {
                    "model": owner._meta.label,
                    "pk": owner.pk,
                    "field": field.name,
                    "moved": not had_kept,
                }
            )
    merge.log = log
    merge.save(update_fields=["log"])
    # A version of the kept record, so that its history says when and by whom.
    _save(Organization._base_manager.get(pk=kept.pk), author, reason)
    # Read again (its version may have moved); the caller's instance keeps its id.
    _delete(
        Organization._base_manager.get(pk=merged.pk),
        author,
        _reason(merge, gettext("Merge %(number)s: merged into another record")),
    )
    kept.refresh_from_db()
    admin_saved.send(sender=Organization, instance=kept)
    return merge


# Reverting ----------------------------------------------------------------------------


def _last_version(model, pk):
    history = get_history_manager_for_model(model)
    return (
        history.filter(**{model._meta.pk.attname: pk})
        .order_by("-history_date", "-history_id")
        .first()
    )


def _put_back(record, author, reason, refusal):
    """Insert a deleted row again from its last version, with its id and fields."""
    instance = record.instance
    created_at = getattr(instance, "created_at", None)
    instance._restoring = True
    instance._history_user = author
    instance._change_reason = reason
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError:
        raise CannotMerge(refusal) from None
    if created_at is not None:
        # auto_now_add stamps inserts with the present: put the original date back.
        type(instance)._base_manager.filter(pk=instance.pk).update(created_at=created_at)
        instance.created_at = created_at
    restore_m2m(record, instance)
    return instance


def _changed_since(row):
    return CannotMerge(
        gettext(
            "This merge cannot be reverted: %(record)s was changed or deleted since. "
            "Nothing was changed."
        )
        % {"record": row}
    )


@transaction.atomic
def revert_merge(merge, *, author):
    """Put the merged organization back with its id, fields and links; everything or
    nothing (CannotMerge says why)."""
    merge = OrganizationMerge.objects.select_for_update().get(pk=merge.pk)
    if merge.reverted_at is not None:
        raise CannotMerge(gettext("This merge was already reverted."))
    if merge.kept_id is None:
        raise CannotMerge(
            gettext("This merge cannot be reverted: the kept organization was deleted since.")
        )
    if Organization._base_manager.filter(pk=merge.merged_id).exists():
        raise CannotMerge(
            gettext("This merge cannot be reverted: the merged organization exists again.")
        )
    kept_pk, merged_pk = merge.kept_id, merge.merged_id
    reason = _reason(merge, gettext("Merge %(number)s of %(name)s reverted"))
    record = _last_version(Organization, merged_pk)
    if record is None or record.history_type != "-":
        raise CannotMerge(gettext("This merge cannot be reverted: its history is missing."))
    merged = _put_back(
        record,
        author,
        reason,
        gettext(
            "This merge cannot be reverted: another organization now uses the merged one's "
            "slug. Change that organization first."
        ),
    )
    log = merge.log
    for entry in log["moved"]:
        model = apps.get_model(entry["model"])
        row = model._base_manager.filter(pk=entry["pk"]).first()
        if row is None or any(getattr(row, name) != kept_pk for name in entry["fields"]):
            raise _changed_since(row or f"{model._meta.verbose_name} {entry['pk']}")
        for name in entry["fields"]:
            setattr(row, name, merged_pk)
        if _breaks_a_constraint(row):
            raise _changed_since(row)
        _save(row, author, reason)
    for entry in log["removed"]:
        model = apps.get_model(entry["model"])
        removed = _last_version(model, entry["pk"])
        if removed is None or removed.history_type != "-":
            raise _changed_since(f"{model._meta.verbose_name} {entry['pk']}")
        _put_back(removed, author, reason, str(_changed_since(removed.instance)))
    for entry in log["relinked"]:
        model = apps.get_model(entry["model"])
        row = model._base_manager.filter(pk=entry["pk"]).first()
        if row is not None and getattr(row, entry["field"]) == entry["to"]:
            # Only where nothing else was chosen since.
            setattr(row, entry["field"], entry["from"])
            _save(row, author, reason)
    for entry in log["lists"]:
        model = apps.get_model(entry["model"])
        owner = model._base_manager.filter(pk=entry["pk"]).first()
        if owner is None:
            continue
        links = getattr(owner, entry["field"])
        if entry["moved"]:
            links.remove(kept_pk)
        links.add(merged_pk)
        if hasattr(owner, "history"):
            _save(owner, author, reason)
    merge.reverted_at = timezone.now()
    merge.reverted_by = author
    merge.save(update_fields=["reverted_at", "reverted_by"])
    kept = Organization._base_manager.get(pk=kept_pk)
    _save(kept, author, reason)
    merged.refresh_from_db()
    admin_saved.send(sender=Organization, instance=kept)
    admin_saved.send(sender=Organization, instance=merged)
    return merged
