"""Change history: who changed what and when, for every record staff edit.

django-simple-history builds a historical table per model. It is registered
here, from the apps' ``ready()``, after django-modeltranslation has added the
``_en``/``_fr`` fields to the models (modeltranslation is first in
INSTALLED_APPS, so its ``ready()`` runs first): registered on the class
directly, the history tables would miss the translated columns.
"""

import datetime
import functools

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError, models, transaction
from django.db.models import prefetch_related_objects
from django.db.models.signals import pre_delete
from django.utils.translation import gettext
from simple_history import register
from simple_history.utils import get_history_manager_for_model

from portal.models import DeletedLinks
from portal.versioning import VersionedModel


@functools.cache
def cascaded_children(model):
    """What restoring a deleted record of ``model`` puts back with it: the versioned rows
    deleted with it, as (model, name of the foreign key pointing to it)."""
    return [
        (relation.related_model, relation.field.name)
        for relation in model._meta.related_objects
        if relation.one_to_many
        and relation.on_delete is models.CASCADE
        and issubclass(relation.related_model, VersionedModel)
    ]


def register_models(app_config):
    """Give each versioned model of ``app_config`` a history (called from ``ready()``).

    A model's ``history_m2m_fields`` name the many-to-many links recorded with each
    version."""
    for model in list(app_config.get_models()):
        if not issubclass(model, VersionedModel) or hasattr(model, "history"):
            continue
        register(
            model,
            app=app_config.label,
            m2m_fields=getattr(model, "history_m2m_fields", ()),
            # The history records its own date of each change.
            excluded_fields=[f.name for f in model._meta.fields if f.name == "updated_at"],
        )


def deleted_records(model):
    """The last version of each record of ``model`` that was deleted and not restored."""
    history = get_history_manager_for_model(model)
    pk_name = model._meta.pk.attname
    live = model._base_manager.values(pk_name)
    return history.filter(history_type="-").exclude(**{f"{pk_name}__in": live})


def latest_deletions(model, limit=None, **filters):
    """One deletion record per deleted, unrestored object matching ``filters``, newest
    first, at most ``limit`` of them (an object deleted, restored and deleted again has
    several deletion records: the newest counts)."""
    pk_name = model._meta.pk.attname
    seen = set()
    records = []
    deletions = (
        deleted_records(model)
        .filter(**filters)
        .select_related("history_user")
        .order_by("-history_date")
    )
    for record in deletions.iterator():
        if getattr(record, pk_name) not in seen:
            seen.add(getattr(record, pk_name))
            records.append(record)
            if limit is not None and len(records) == limit:
                break
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


class CannotRestore(Exception):
    """The record cannot be put back as it was; the message says why, for staff."""


# Rows whose deletion is recorded this close to their parent's were deleted with it.
WITH_IT = datetime.timedelta(minutes=1)


def _put_back(instance, user, conflict_message):
    """Insert a deleted row again; a unique value taken since refuses with the message."""
    instance._restoring = True
    instance._history_user = user
    try:
        with transaction.atomic():
            _save_restored(instance)
    except IntegrityError:
        raise CannotRestore(conflict_message()) from None


@transaction.atomic
def restore(record, user=None):
    """Put a deleted record back from its deletion ``record``, with what was deleted with it."""
    instance = record.instance
    if not _references_exist(instance):
        raise CannotRestore(
            gettext("%(record)s points to a record that no longer exists: restore that first.")
            % {"record": describe(instance)}
        )
    _put_back(
        instance,
        user,
        lambda: (
            gettext(
                "%(record)s cannot be restored: another record now uses its identifier "
                "(its slug or name). Change that record first."
            )
            % {"record": describe(instance)}
        ),
    )
    restore_links(instance)
    restore_m2m(record, instance)
    restored = [instance]
    for child_model, field_name in cascaded_children(type(instance)):
        # Only rows deleted with this record, not removed earlier on purpose.
        deleted_with_it = latest_deletions(
            child_model,
            history_date__range=(record.history_date - WITH_IT, record.history_date + WITH_IT),
            **{f"{field_name}_id": instance.pk},
        )
        for child_record in deleted_with_it:
            child = child_record.instance
            if not _references_exist(child):
                continue
            _put_back(
                child,
                user,
                lambda child=child: (
                    gettext(
                        "%(record)s cannot be restored with %(child)s: a record recorded since "
                        "takes its place. Change or delete that record first."
                    )
                    % {"record": describe(instance), "child": describe(child)}
                ),
            )
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


# Links held by other rows -----------------------------------------------------------
#
# Deleting an organization, agreement or event empties the optional references
# other rows hold to it ("managed by", "renews", a series' organizer…) and
# removes it from other records' many-to-many lists (the associations a benefit
# is granted to, the agreements an event follows up). Django does those with
# bulk statements that leave no history, so they are noted before the deletion
# and put back by restore().


def _incoming_links(instance):
    links = []
    relations = [
        field
        for field in instance._meta.get_fields(include_hidden=True)
        if field.auto_created and not field.concrete and (field.one_to_many or field.many_to_many)
    ]
    for relation in relations:
        if relation.many_to_many:
            field = relation.field
            through = field.remote_field.through
            if not through._meta.auto_created:
                # A model of its own (parties, organizers): restored as a child.
                continue
            target = field.m2m_reverse_field_name()
            source = field.m2m_field_name()
            ids = list(
                through._default_manager.filter(**{target: instance.pk}).values_list(
                    f"{source}_id", flat=True
                )
            )
            if ids:
                links.append(
                    {
                        "kind": "m2m",
                        "model": field.model._meta.label,
                        "field": field.name,
                        "ids": ids,
                    }
                )
        elif relation.one_to_many and relation.on_delete is models.SET_NULL:
            field = relation.field
            ids = list(
                field.model._base_manager.filter(**{field.name: instance.pk}).values_list(
                    "pk", flat=True
                )
            )
            if ids:
                links.append(
                    {
                        "kind": "fk",
                        "model": field.model._meta.label,
                        "field": field.name,
                        "ids": ids,
                    }
                )
    return links


def note_links_before_deletion(sender, instance, **kwargs):
    if not cascaded_children(sender):
        return
    links = _incoming_links(instance)
    if links:
        DeletedLinks.objects.create(
            model=sender._meta.label, object_id=str(instance.pk), links=links
        )


def restore_links(instance):
    """Put back the references and list entries other rows held to ``instance``."""
    noted = DeletedLinks.objects.filter(
        model=instance._meta.label, object_id=str(instance.pk)
    ).order_by("-noted_at")
    latest = noted.first()
    if latest is None:
        return
    for link in latest.links:
        model = apps.get_model(link["model"])
        if link["kind"] == "fk":
            # Only where nothing was chosen since.
            values = {link["field"]: instance.pk}
            if any(f.name == "version" for f in model._meta.fields):
                values["version"] = models.F("version") + 1  # open forms see the change
            model._base_manager.filter(pk__in=link["ids"], **{link["field"]: None}).update(**values)
        else:
            for owner in model._base_manager.filter(pk__in=link["ids"]):
                getattr(owner, link["field"]).add(instance.pk)
    noted.delete()


pre_delete.connect(note_links_before_deletion, dispatch_uid="portal.history.note_links")


def describe(instance):
    """How staff read a record, even one whose related rows are gone."""
    try:
        return str(instance)
    except (ObjectDoesNotExist, AttributeError):
        return f"{instance._meta.verbose_name} {instance.pk}"


def describe_all(instances):
    """``describe`` for many records of one model, their related rows fetched at once."""
    instances = list(instances)
    if instances:
        references = [f.name for f in instances[0]._meta.concrete_fields if f.many_to_one]
        prefetch_related_objects(instances, *references)
    return [describe(instance) for instance in instances]
