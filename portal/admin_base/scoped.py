"""Scoping in the admin: association staff see, choose and change only what their
associations manage (``portal.scoping``); administrators everything. Another
association's record opened by its id answers 404, as a missing one does."""

from django.apps import apps
from django.contrib.admin.utils import NestedObjects
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import router
from django.http import Http404
from django.utils.translation import gettext

from portal import scoping
from portal.publishing import offerable


def is_autocomplete(request):
    match = getattr(request, "resolver_match", None)
    return match is not None and match.url_name == "autocomplete"


def shows_only_visible_rows(model):
    """Personal information (contacts): offered only as far as the user may see it."""
    return hasattr(model._default_manager, "visible_to")


def has_owning_association(model):
    """Whether ``model``'s ``owner`` is the association that manages the record
    (``organizations.models.owner_field``), not a person (a commitment's owner)."""
    try:
        field = model._meta.get_field("owner")
    except FieldDoesNotExist:
        return False
    return field.is_relation and field.related_model is not get_user_model()


def requires_managed(model_admin, field_name):
    """Whether ``model_admin``'s field ``field_name`` offers only records the user manages."""
    return field_name in getattr(model_admin, "parent_fields", ()) or field_name in getattr(
        model_admin, "managed_fields", {}
    )


class ScopedFormfieldsMixin:
    """Foreign-key choices limited to what the user manages or may see."""

    # Fields naming the record a row belongs to: only managed records may be chosen.
    parent_fields: tuple[str, ...] = ()
    # Other references that change what the record they name says (a renewal makes the
    # agreement it renews read "renewed"): only managed records may be chosen either,
    # and choosing another is refused with the message given here.
    managed_fields: dict[str, str] = {}

    def limit_choices(self, db_field, request, kwargs):
        viewer = request.viewer
        if viewer.is_admin:
            return kwargs
        related = db_field.related_model
        base = kwargs.get("queryset", related._default_manager.all())
        if db_field.name == "owner" and has_owning_association(db_field.model):
            kwargs["queryset"] = related._default_manager.filter(pk__in=viewer.staff_of)
            kwargs["required"] = True
            if len(viewer.staff_of) == 1:
                kwargs["initial"] = next(iter(viewer.staff_of))
        elif db_field.name in self.parent_fields:
            kwargs["queryset"] = scoping.managed(base, viewer)
        elif db_field.name in self.managed_fields:
            kwargs["queryset"] = scoping.managed(base, viewer)
            kwargs["error_messages"] = {
                **kwargs.get("error_messages", {}),
                "invalid_choice": self.managed_fields[db_field.name],
            }
        elif shows_only_visible_rows(related):
            kwargs["queryset"] = offerable(base.visible_to(viewer), viewer)
        else:
            # Another association's draft is not offered (portal.publishing).
            kwargs["queryset"] = offerable(base, viewer)
        return kwargs

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return super().formfield_for_foreignkey(
            db_field, request, **self.limit_choices(db_field, request, kwargs)
        )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if not request.viewer.is_admin:
            related = db_field.related_model
            base = kwargs.get("queryset", related._default_manager.all())
            kwargs["queryset"] = offerable(base, request.viewer)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ScopedAdminMixin(ScopedFormfieldsMixin):
    """For a ModelAdmin: lists, objects, autocompletes, the owner and deletions, scoped."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        viewer = request.viewer
        if viewer.is_admin or not scoping.is_scoped(self.model):
            return queryset
        if is_autocomplete(request):
            return self.autocomplete_queryset(request, queryset, viewer)
        return scoping.managed(queryset, viewer)

    def autocomplete_queryset(self, request, queryset, viewer):
        """Rows offered to another form's field: managed ones for a parent field, a
        field of ``managed_fields`` or the owner, visible ones otherwise (organizations,
        agreements, events are public, but not another association's drafts)."""
        source = self.autocomplete_source_admin(request)
        field_name = request.GET.get("field_name", "")
        if field_name == "owner" and (source is None or has_owning_association(source.model)):
            return queryset.filter(pk__in=viewer.staff_of)
        if source is not None and requires_managed(source, field_name):
            return scoping.managed(queryset, viewer)
        if shows_only_visible_rows(self.model):
            queryset = queryset.visible_to(viewer)
        return offerable(queryset, viewer)

    def autocomplete_source_admin(self, request):
        try:
            model = apps.get_model(request.GET["app_label"], request.GET["model_name"])
        except (KeyError, LookupError):
            return None
        return self.admin_site._registry.get(model)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            # Missing, malformed or managed by another association: the same answer.
            raise Http404(gettext("No such record."))
        return obj

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        viewer = request.viewer
        if (
            obj is not None
            and not viewer.is_admin
            and has_owning_association(type(obj))
            and obj.owner_id not in viewer.staff_of
        ):
            # Staff of a party may edit the record, not hand it to someone else.
            readonly.append("owner")
        return readonly

    def save_model(self, request, obj, form, change):
        viewer = request.viewer
        if (
            not change
            and has_owning_association(type(obj))
            and obj.owner_id is None
            and not viewer.is_admin
            and viewer.staff_of
        ):
            obj.owner_id = min(viewer.staff_of)
        if change and has_owning_association(type(obj)) and not viewer.is_admin:
            live_owner = (
                type(obj)._base_manager.filter(pk=obj.pk).values_list("owner_id", flat=True).first()
            )
            if live_owner not in viewer.staff_of:
                # Editing as a party, or reverting to an old version: the record stays
                # with the association that manages it now.
                obj.owner_id = live_owner
        super().save_model(request, obj, form, change)

    def get_deleted_objects(self, objs, request):
        """Refuse deletions that would reach rows of other associations (Django lists them
        as protected): a record's staff cannot remove what others recorded about it."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        viewer = request.viewer
        if viewer.is_admin:
            return deleted, counts, perms_needed, protected
        collector = NestedObjects(using=router.db_for_write(self.model))
        collector.collect(objs)
        foreign = [
            obj
            for instances in collector.data.values()
            for obj in instances
            if not scoping.manages_instance(obj, viewer)
        ]
        protected = [
            *protected,
            *(
                gettext("%(record)s (recorded by another association)") % {"record": obj}
                for obj in foreign
            ),
        ]
        return deleted, counts, perms_needed, protected
