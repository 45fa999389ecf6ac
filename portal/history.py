"""Change history: who changed what and when, for every record staff edit.

django-simple-history builds a historical table per model. It is registered
here, from the apps' ``ready()``, after django-modeltranslation has added the
``_en``/``_fr`` fields to the models (modeltranslation is first in
INSTALLED_APPS, so its ``ready()`` runs first): registered on the class
directly, the history tables would miss the translated columns.
"""

from django.db import transaction
from simple_history import register
from simple_history.utils import get_history_manager_for_model

# Model → its many-to-many fields whose links are recorded with each version.
HISTORY_M2M_FIELDS = {
    "organizations.Organization": ["sectors"],
    "agreements.Agreement": ["themes"],
    "agreements.Benefit": ["granted_to"],
    "events.Event": ["related_agreements"],
}

# Restoring a deleted record also puts back the rows deleted with it: the
# model's cascading children, by the field that points to it.
CASCADED_CHILDREN = {
    "organizations.Organization": [
        ("organizations.Contact", "organization"),
        ("organizations.Relationship", "subject"),
        ("organizations.Relationship", "object"),
        ("organizations.Membership", "member"),
        ("organizations.Membership", "association"),
        ("events.EventOrganization", "organization"),
    ],
    "agreements.Agreement": [
        ("agreements.Party", "agreement"),
        ("agreements.Benefit", "agreement"),
        ("agreements.Commitment", "agreement"),
        ("agreements.SourceDocument", "agreement"),
    ],
    "events.Event": [("events.EventOrganization", "event")],
}


def register_models(app_config):
    """Give each versioned model of ``app_config`` a history (called from ``ready()``)."""
    from portal.versioning import VersionedModel

    for model in list(app_config.get_models()):
        if not issubclass(model, VersionedModel) or hasattr(model, "history"):
            continue
        label = model._meta.label
        register(
            model,
            app=app_config.label,
            m2m_fields=HISTORY_M2M_FIELDS.get(label, ()),
            # The history records its own date of each change.
            excluded_fields=[f.name for f in model._meta.fields if f.name == "updated_at"],
        )


def deleted_records(model):
    """The last version of each record of ``model`` that was deleted and not restored."""
    history = get_history_manager_for_model(model)
    pk_name = model._meta.pk.attname
    live = model._base_manager.values(pk_name)
    return history.filter(history_type="-").exclude(**{f"{pk_name}__in": live})


def latest_deletions(model, **filters):
    """One deletion record per deleted, unrestored object matching ``filters``."""
    pk_name = model._meta.pk.attname
    seen = set()
    records = []
    for record in deleted_records(model).filter(**filters).order_by("-history_date"):
        if getattr(record, pk_name) not in seen:
            seen.add(getattr(record, pk_name))
            records.append(record)
    return records


def restore_m2m(record, instance):
    """Put back the many-to-many links saved with ``record`` on ``instance``.

    A deletion's own record has none (the links go first): the version before it has.
    """
    if record.history_type == "-" and record.prev_record is not None:
        record = record.prev_record
    for field in record._history_m2m_fields:
        rows = getattr(record, field.name).all()
        target = field.m2m_reverse_field_name()
        getattr(instance, field.name).set([getattr(row, f"{target}_id") for row in rows])


@transaction.atomic
def restore(record, user=None):
    """Put a deleted record back from its deletion ``record``, with what was deleted with it."""
    from django.apps import apps

    instance = record.instance
    _references_exist(instance)
    instance._restoring = True
    instance._history_user = user
    _save_restored(instance)
    restore_m2m(record, instance)
    restored = [instance]
    for child_label, field_name in CASCADED_CHILDREN.get(instance._meta.label, []):
        child_model = apps.get_model(child_label)
        deleted_at = record.history_date
        for child_record in latest_deletions(child_model, **{f"{field_name}_id": instance.pk}):
            # Only rows deleted with this record, not removed earlier on purpose.
            if abs((child_record.history_date - deleted_at).total_seconds()) > 60:
                continue
            child = child_record.instance
            if not _references_exist(child):
                continue
            child._restoring = True
            child._history_user = user
            _save_restored(child)
            restore_m2m(child_record, child)
            restored.append(child)
    return restored


def _references_exist(instance):
    """Whether the required references of ``instance`` still exist; clears the optional ones
    that point to rows deleted since."""
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname)
        if not field.many_to_one or value is None:
            continue
        if not field.related_model._base_manager.filter(pk=value).exists():
            if not field.null:
                return False
            setattr(instance, field.attname, None)
    return True


def _save_restored(instance):
    """Insert ``instance`` again, keeping when it was first recorded."""
    created_at = getattr(instance, "created_at", None)
    instance.save()
    if created_at is not None:
        # auto_now_add stamps inserts with the present: put the original date back.
        type(instance)._base_manager.filter(pk=instance.pk).update(created_at=created_at)
        instance.created_at = created_at
