"""Drafts and publishing in the admin (``portal.publishing``): a new record starts as
a draft; staff publish it from its form, or several at once from the list, where a
record whose title is not in both languages stays a draft and is named."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from portal.publishing import Publication
from portal.signals import admin_saved

# The fields a publishable record's form shows first, side by side.
PUBLICATION_FIELDS = ("publication", "same_in_both_languages")


class PublishingAdminMixin:
    """For the ModelAdmin of a ``Publishable`` model (before ``PortalAdmin``)."""

    actions = ["publish_selected", "unpublish_selected"]

    def get_changeform_initial_data(self, request):
        # Nothing is public the moment it is first saved.
        return {"publication": Publication.DRAFT, **super().get_changeform_initial_data(request)}

    @admin.display(description=_("publication"), ordering="publication")
    def publication_state(self, record):
        return record.get_publication_display()

    @admin.action(description=_("Publish the selected records"), permissions=["change"])
    def publish_selected(self, request, queryset):
        published, refused = 0, []
        for record in queryset.filter(publication=Publication.DRAFT):
            record.publication = Publication.PUBLISHED
            try:
                record.clean_publication()
            except ValidationError:
                refused.append(str(record))
                continue
            record._change_reason = gettext("Published")
            record.save(update_fields=["publication", "updated_at"])
            admin_saved.send(sender=type(record), instance=record)
            published += 1
        if published:
            self.message_user(
                request,
                ngettext("%(count)d record published.", "%(count)d records published.", published)
                % {"count": published},
                messages.SUCCESS,
            )
        if refused:
            self.message_user(
                request,
                gettext(
                    "Left as drafts, their title is not in both languages: %(records)s. Give "
                    "the French title, or tick “same in both languages”, then publish."
                )
                % {"records": ", ".join(refused)},
                messages.WARNING,
            )

    @admin.action(
        description=_("Turn the selected records back into drafts"), permissions=["change"]
    )
    def unpublish_selected(self, request, queryset):
        count = 0
        for record in queryset.filter(publication=Publication.PUBLISHED):
            record.publication = Publication.DRAFT
            record._change_reason = gettext("Turned back into a draft")
            record.save(update_fields=["publication", "updated_at"])
            admin_saved.send(sender=type(record), instance=record)
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d record is a draft again: only its editors see it.",
                "%(count)d records are drafts again: only their editors see them.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
