import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.granting import granting_associations
from organizations.forms import ORGANIZATION_BY_SLUG
from organizations.models import Organization
from portal.compiled_reads import loaded

# What an identifier looks like: anything else is not looked up as one.
SLUG_SHAPED = re.compile(r"^[-\w]+\Z", re.ASCII)


class GrantingAssociationField(forms.CharField):
    """One of the associations whose members have benefits today (agreements.granting).

    Accepted: any organization's identifier (slug), as the page's links and older
    addresses give it, or the name or acronym of one of those associations typed in
    any case, with or without accents ("montreal invivo", "Quebec Oncopole").
    """

    default_error_messages = {
        "required": _("Choose an association."),
        "none": _(
            "No association whose members have benefits today is called “%(value)s”. "
            "Choose one in the list."
        ),
        "several": _(
            "Several associations whose members have benefits today are called "
            "“%(value)s”: %(names)s. Choose one in the list."
        ),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)
        self.granting = None

    def widget_attrs(self, widget):
        # A <select> has no maxlength.
        return {} if isinstance(widget, forms.Select) else super().widget_attrs(widget)

    def clean(self, value):
        value = super().clean(value)
        listed = self.granting.by_slug(value)
        if listed is not None:
            return listed
        if SLUG_SHAPED.match(value):
            rows = ORGANIZATION_BY_SLUG.rows(slug=value)
            if rows:
                return loaded(Organization, rows[0])
        named = self.granting.named(value)
        if len(named) == 1:
            return named[0]
        if named:
            raise forms.ValidationError(
                self.error_messages["several"],
                code="several",
                params={"value": value, "names": ", ".join(o.name for o in named)},
            )
        raise forms.ValidationError(
            self.error_messages["none"], code="none", params={"value": value}
        )

    def prepare_value(self, value):
        if isinstance(value, Organization):
            return value.slug
        return value


class BenefitAssociationForm(forms.Form):
    """The benefits page's association box: a <select> of the associations whose
    members have benefits today, or a text box when they are too many to list
    (agreements.granting)."""

    association = GrantingAssociationField(
        label=_("Association"),
        help_text=_("The association, cluster or network you are a member of."),
    )

    def __init__(self, *args, today=None, granting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.granting = granting or granting_associations(today or timezone.localdate())
        field = self.fields["association"]
        field.granting = self.granting
        if self.granting.complete:
            field.widget = forms.Select(
                choices=[
                    ("", _("Choose an association")),
                    *((o.slug, o.name) for o in self.granting.organizations()),
                ]
            )
        else:
            field.widget = forms.TextInput(
                attrs={
                    "placeholder": _("Name or acronym"),
                    "autocomplete": "off",
                    "maxlength": field.max_length,
                }
            )

    def showing(self, association):
        """This box, unbound, with ``association`` chosen: an association that is not in
        the list (one named by its identifier whose members have no benefit today) is
        added to it, so that the box shows what the page shows."""
        box = BenefitAssociationForm(granting=self.granting)
        if association is None or not self.granting.complete:
            return box
        widget = box.fields["association"].widget
        if self.granting.by_slug(association.slug) is None:
            widget.choices = [*widget.choices, (association.slug, association.name)]
        box.initial = {"association": association.slug}
        return box
