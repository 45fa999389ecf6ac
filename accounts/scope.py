"""Which records association staff manage: the one place the admin's scoping is defined.

Staff of association A manage A's own organization record and its contacts,
organizations whose record A manages (``owner``), agreements A is a party to or
manages, their parties, benefits, commitments and sources, and events A
organizes or manages. Administrators manage everything.
"""

from django.apps import apps
from django.db.models import Exists, OuterRef, Q


def _organizations(queryset, ids):
    return queryset.filter(Q(pk__in=ids) | Q(owner_id__in=ids))


def _agreements(queryset, ids):
    Party = apps.get_model("agreements", "Party")
    party = Party.objects.filter(agreement_id=OuterRef("pk"), organization_id__in=ids)
    return queryset.filter(Q(owner_id__in=ids) | Q(Exists(party)))


def _events(queryset, ids):
    EventOrganization = apps.get_model("events", "EventOrganization")
    organizer = EventOrganization.objects.filter(
        event_id=OuterRef("pk"), role="organizer", organization_id__in=ids
    )
    return queryset.filter(Q(owner_id__in=ids) | Q(Exists(organizer)))


def _series(queryset, ids):
    return queryset.filter(Q(owner_id__in=ids) | Q(organizer_id__in=ids))


def _through(parent_label, *fields):
    """Rows that belong to a managed parent through one of ``fields``."""

    def scope(queryset, ids):
        parents = managed_ids(apps.get_model(parent_label), ids)
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__in": parents})
        return queryset.filter(condition)

    return scope


ROOT_SCOPES = {
    "organizations.Organization": _organizations,
    "agreements.Agreement": _agreements,
    "events.Event": _events,
    "events.Series": _series,
}

CHILD_SCOPES = {
    "organizations.Contact": ("organizations.Organization", ["organization"]),
    "organizations.Relationship": ("organizations.Organization", ["subject"]),
    # An association records its members: a member's side cannot claim a membership.
    "organizations.Membership": ("organizations.Organization", ["association"]),
    "agreements.Party": ("agreements.Agreement", ["agreement"]),
    "agreements.Benefit": ("agreements.Agreement", ["agreement"]),
    "agreements.Commitment": ("agreements.Agreement", ["agreement"]),
    "agreements.SourceDocument": ("agreements.Agreement", ["agreement"]),
    "events.EventOrganization": ("events.Event", ["event"]),
}


def is_scoped(model):
    label = model._meta.label
    return label in ROOT_SCOPES or label in CHILD_SCOPES


def managed_ids(model, ids):
    """A subquery of the primary keys of ``model`` rows the staff of ``ids`` manage."""
    return managed_by(model._default_manager.all(), ids).values("pk")


def managed_by(queryset, ids):
    label = queryset.model._meta.label
    if label in ROOT_SCOPES:
        return ROOT_SCOPES[label](queryset, ids)
    parent_label, fields = CHILD_SCOPES[label]
    return _through(parent_label, *fields)(queryset, ids)


def managed(queryset, viewer):
    """The rows of ``queryset`` ``viewer`` manages; nothing for non-staff."""
    if viewer.is_admin:
        return queryset
    if not viewer.is_staff or not viewer.staff_of:
        return queryset.none()
    return managed_by(queryset, viewer.staff_of)


def manages_instance(instance, viewer):
    """Whether ``viewer`` manages ``instance``, which may be gone (a deleted record's last
    version): judged by its owner or by the parent it points to."""
    if viewer.is_admin:
        return True
    if not viewer.is_staff or not viewer.staff_of:
        return False
    model = type(instance)
    label = model._meta.label
    if label in ROOT_SCOPES:
        if getattr(instance, "owner_id", None) in viewer.staff_of:
            return True
        if label == "organizations.Organization" and instance.pk in viewer.staff_of:
            return True
        return managed_by(model._default_manager.filter(pk=instance.pk), viewer.staff_of).exists()
    parent_label, fields = CHILD_SCOPES[label]
    parent_model = apps.get_model(parent_label)
    parent_ids = [getattr(instance, f"{field}_id") for field in fields]
    return managed_by(
        parent_model._default_manager.filter(pk__in=[i for i in parent_ids if i]),
        viewer.staff_of,
    ).exists()


def managed_among(instances, viewer):
    """The ``instances`` (of one model, live or deleted) ``viewer`` manages, in one query.

    A deleted record is judged by its last version: its owner, or the parent it
    pointed to; a live one as ``managed`` would.
    """
    instances = list(instances)
    if viewer.is_admin or not instances:
        return instances
    if not viewer.is_staff or not viewer.staff_of:
        return []
    model = type(instances[0])
    label = model._meta.label
    if label in ROOT_SCOPES:
        live = set(
            managed_by(
                model._default_manager.filter(pk__in=[i.pk for i in instances]), viewer.staff_of
            ).values_list("pk", flat=True)
        )
        return [
            i
            for i in instances
            if getattr(i, "owner_id", None) in viewer.staff_of
            or (label == "organizations.Organization" and i.pk in viewer.staff_of)
            or i.pk in live
        ]
    parent_label, fields = CHILD_SCOPES[label]
    parent_ids = {getattr(i, f"{field}_id") for i in instances for field in fields}
    managed_parents = set(
        managed_by(
            apps.get_model(parent_label)._default_manager.filter(pk__in=parent_ids),
            viewer.staff_of,
        ).values_list("pk", flat=True)
    )
    return [i for i in instances if any(getattr(i, f"{f}_id") in managed_parents for f in fields)]
