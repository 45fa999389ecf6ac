"""Drafts and publishing: what the public sees of organizations, agreements and events.

A ``Publishable`` record is a draft or published. Every public output — pages,
search, feeds, sitemap, CSV, API, calendars — reads published records only:

* the model's ``objects`` manager (``PublishedManager``) gives published records
  only, so every read that starts from it is public-safe; the default manager,
  ``all_objects``, gives them all, and is what the admin, forms' uniqueness checks,
  history and related managers use;
* a read that reaches such a record through a join (a party's organization, an
  event's participants) adds ``published_through(path)`` itself; one over a whole
  table (a filter, a count) adds ``not_a_draft(model, field)`` instead, which asks
  for the few drafts (a partial index holds them) rather than joining every record.

A draft is seen by the staff who may edit it, on its own page (``may_preview``),
marked as a preview. Publishing requires the title in both languages, or "same in
both languages" ticked (``Publishable.clean``).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal import scoping


class Publication(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


def published_through(path=""):
    """The condition that the record at the end of ``path`` (a lookup such as
    ``"organization"``; empty for the record itself) is published."""
    prefix = f"{path}__" if path else ""
    return Q(**{f"{prefix}publication": Publication.PUBLISHED})


def not_a_draft(model, field):
    """The condition that the ``model`` record the row's ``field`` (a foreign key's
    column, such as ``"organization_id"``) names is no draft: the same rows as
    ``published_through`` for a required key, found among the drafts alone."""
    drafts = model._default_manager.filter(pk=OuterRef(field), publication=Publication.DRAFT)
    return ~Exists(drafts)


# A partial index of a model's drafts under this condition serves ``not_a_draft``.
DRAFTS_INDEX_CONDITION = Q(publication=Publication.DRAFT)


class PublishedManager(models.Manager):
    """Published records only: the public's manager (``objects``)."""

    def get_queryset(self):
        return super().get_queryset().filter(publication=Publication.PUBLISHED)


class Publishable(models.Model):
    """A record with a publication state and a title that must read in both languages
    before it is published. ``bilingual_field`` names the title (a translated field)."""

    bilingual_field = "title"

    publication = models.CharField(
        _("publication"),
        max_length=10,
        choices=Publication,
        default=Publication.PUBLISHED,
        help_text=_("A draft is seen only by the staff who may edit it, through its preview link."),
    )
    same_in_both_languages = models.BooleanField(
        _("same in both languages"),
        default=False,
        help_text=_(
            "Tick it when the title reads the same in English and French (a proper name, "
            "an acronym): it may then be published without a French title."
        ),
    )

    class Meta:
        abstract = True

    @property
    def is_draft(self):
        return self.publication == Publication.DRAFT

    @property
    def public_slug(self) -> str | None:
        """The slug where the public may see the record; None while it is a draft (the
        API names a related record by it)."""
        return None if self.is_draft else self.slug

    def missing_translations(self):
        """The languages the title is missing in (English, French), by their field."""
        missing = []
        for code, _name in settings.LANGUAGES:
            value = getattr(self, f"{self.bilingual_field}_{code}", None)
            if not (value or "").strip():
                missing.append(code)
        return missing

    def clean_fields(self, exclude=None):
        # Checked with the fields, where the form's fields are known: a form that does
        # not show the publication state leaves it as it is, unchecked.
        errors = {}
        try:
            super().clean_fields(exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if not exclude or "publication" not in exclude:
            try:
                self.clean_publication()
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def clean_publication(self):
        if self.publication != Publication.PUBLISHED or self.same_in_both_languages:
            return
        missing = self.missing_translations()
        if missing:
            field = self._meta.get_field(self.bilingual_field)
            raise ValidationError(
                {
                    "publication": gettext(
                        "To publish, give the %(field)s in both English and French, or tick "
                        "“same in both languages”."
                    )
                    % {"field": field.verbose_name}
                },
                code="needs_both_languages",
            )


def may_preview(viewer, record):
    """Whether ``viewer`` may see ``record`` although it is a draft: the staff who may
    edit it (its association's, or an administrator)."""
    return viewer.is_admin or (
        viewer.is_staff and bool(viewer.staff_of) and scoping.manages_instance(record, viewer)
    )


def previewable(record, viewer):
    """Whether ``record``'s page may be shown to ``viewer``: it is published, or a draft
    ``viewer`` may preview."""
    return not record.is_draft or may_preview(viewer, record)


def hidden_drafts(model, viewer):
    """The drafts of ``model`` ``viewer`` may not see: all of them for the public, another
    association's for staff, none for administrators. Few, whatever the table's size."""
    drafts = model._default_manager.filter(publication=Publication.DRAFT)
    if viewer.is_admin:
        return drafts.none()
    if viewer.is_staff and viewer.staff_of:
        drafts = drafts.exclude(pk__in=scoping.managed(drafts, viewer).values("pk"))
    return drafts


def offerable(queryset, viewer):
    """The rows of ``queryset`` ``viewer`` may pick in a form or search for in the admin:
    published ones and the drafts ``viewer`` may preview (administrators, everything).
    Rows that belong to a record with drafts (a contact of an organization) are offered
    with their record; rows of other models pass as they are."""
    model = queryset.model
    if viewer.is_admin:
        return queryset
    if issubclass(model, Publishable):
        return queryset.exclude(pk__in=hidden_drafts(model, viewer).values("pk"))
    parent_field = getattr(model, "managed_through", None)
    if parent_field and issubclass(scoping.parent_model(model), Publishable):
        hidden = hidden_drafts(scoping.parent_model(model), viewer)
        return queryset.exclude(**{f"{parent_field}__in": hidden.values("pk")})
    return queryset


def preview_response(response, record):
    """A draft's page is for its editors alone: kept out of shared caches and search
    engines."""
    if record.is_draft:
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
    return response
