"""Which rows association staff manage, asked of each model's own QuerySet.

A model is *scoped* when its QuerySet has ``managed_by(associations)``: the rows
the staff of those associations (a collection of organization ids) manage.
Records that stand on their own (an organization, an agreement, an event, a
series) define that method with their rule; the part of it a row's own columns
answer is its ``owner`` (or the model's ``owned_by(associations)``), so that a
deleted record's last version can be judged too. Rows that belong to one of
those records (a contact, a party, a benefit…) use
:class:`ManagedThroughParentQuerySet` and name the record in the model's
``managed_through``.

Administrators manage everything; other users without associations nothing.
"""

from django.db import models


class ManagedThroughParentQuerySet(models.QuerySet):
    """Rows managed because the record named by the model's ``managed_through`` is."""

    def managed_by(self, associations):
        field = self.model.managed_through
        parent = parent_model(self.model)
        return self.filter(
            **{f"{field}__in": parent._default_manager.managed_by(associations).values("pk")}
        )


def parent_model(model):
    return model._meta.get_field(model.managed_through).related_model


def is_scoped(model):
    return hasattr(model._default_manager, "managed_by")


def managed(queryset, viewer):
    """The rows of ``queryset`` ``viewer`` manages; nothing for non-staff."""
    if viewer.is_admin:
        return queryset
    if not viewer.is_staff or not viewer.staff_of:
        return queryset.none()
    return queryset.managed_by(viewer.staff_of)


def owned_by(instance, associations):
    """Whether a record's own columns make it managed by ``associations``: its owner."""
    if hasattr(instance, "owned_by"):
        return instance.owned_by(associations)
    return instance.owner_id in associations


def manages_instance(instance, viewer):
    """Whether ``viewer`` manages ``instance``, which may be gone (a deleted record's last
    version): judged by its owner or by the record it belongs to. Rows of models
    that are not scoped are anyone's with the permission."""
    if viewer.is_admin or not is_scoped(type(instance)):
        return True
    if not viewer.is_staff or not viewer.staff_of:
        return False
    if not hasattr(type(instance), "managed_through") and owned_by(instance, viewer.staff_of):
        return True
    return bool(managed_among([instance], viewer))


def managed_among(instances, viewer):
    """The ``instances`` (of one model, live or deleted) ``viewer`` manages, in one query.

    A deleted record is judged by its last version: its owner, or the record it
    belonged to; a live one as ``managed`` would.
    """
    instances = list(instances)
    if viewer.is_admin or not instances or not is_scoped(type(instances[0])):
        return instances
    if not viewer.is_staff or not viewer.staff_of:
        return []
    model = type(instances[0])
    ids = viewer.staff_of
    if not hasattr(model, "managed_through"):
        pks = [i.pk for i in instances]
        live = set(
            model._default_manager.filter(pk__in=pks).managed_by(ids).values_list("pk", flat=True)
        )
        return [i for i in instances if owned_by(i, ids) or i.pk in live]
    attname = model._meta.get_field(model.managed_through).attname
    parents = {getattr(i, attname) for i in instances}
    managed_parents = set(
        parent_model(model)
        ._default_manager.filter(pk__in=parents)
        .managed_by(ids)
        .values_list("pk", flat=True)
    )
    return [i for i in instances if getattr(i, attname) in managed_parents]
