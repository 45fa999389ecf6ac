"""The public forms that reach an association's staff: a member account request and a
suggested correction to a public record."""

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from accounts.access import ANONYMOUS
from accounts.models import Profile
from members.models import AccessRequest, CorrectionRequest
from organizations.duplicates import Names, possible_duplicates
from organizations.imports import name_key
from organizations.models import Organization
from portal.localized import localized

# The honeypot: a field people do not see (a CSS class hides it), that programs
# filling every field fill in.
TRAP_FIELD = "website"


class TrapMixin(forms.Form):
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(TRAP_FIELD):
            raise ValidationError(
                _("Your request was not sent: the field “%(label)s” must be left empty."),
                code="trap",
                params={"label": self.fields[TRAP_FIELD].label},
            )
        return cleaned

    def visible_fields(self):
        return [field for field in super().visible_fields() if field.name != TRAP_FIELD]

    def clean_email(self):
        # One address, one form: full-width or composed letters that mail servers
        # read as the plain ones are stored (and counted, and erased) as those.
        return unicodedata.normalize("NFKC", self.cleaned_data.get("email") or "")


def answering_associations():
    """The published associations whose requests someone can answer: those with at
    least one active staff account, in the visitor's alphabetical order."""
    staff = Profile.associations.through.objects.filter(
        organization_id=OuterRef("pk"),
        profile__user__is_active=True,
        profile__user__is_staff=True,
    )
    return Organization.objects.filter(Exists(staff)).order_by(localized("name"), "pk")


class ReadOnceChoiceIterator(ModelChoiceIterator):
    """The choices from the queryset's own results, read once for the page (the form
    asks whether there are any, then renders them)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class AssociationChoiceField(forms.ModelChoiceField):
    iterator = ReadOnceChoiceIterator

    def label_from_instance(self, obj):
        return obj.name


class AccessRequestForm(TrapMixin, forms.ModelForm):
    association = AssociationChoiceField(
        queryset=Organization.objects.none(),
        to_field_name="slug",
        label=_("Association"),
        empty_label=_("Choose an association"),
        help_text=_("The association your organization is a member of: its staff answer you."),
        error_messages={"invalid_choice": _("Choose one of the associations listed.")},
    )

    class Meta:
        model = AccessRequest
        fields = ["name", "email", "organization_name", "association", "message"]
        labels = {
            "name": _("Your name"),
            "email": _("Your email address"),
            "organization_name": _("Your organization"),
            "message": _("Message (optional)"),
        }
        help_texts = {
            "email": _("Your work address: the account is opened for it."),
            "organization_name": _("Where you work, as its name is usually written."),
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "organization_name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "message": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["association"].queryset = answering_associations()

    def save(self, commit=True, *, language):
        request = super().save(commit=False)
        request.language = language
        request.organization = directory_organization(request.organization_name)
        if commit:
            request.save()
        return request


def directory_organization(typed: str):
    """The published organization named exactly ``typed`` in English or French, case and
    accents aside; None when none or several are."""
    key = name_key(typed)
    if not key:
        return None
    # The search index finds the organizations with close names; exact ones are among them.
    # The index holds published organizations only, and an anonymous viewer is offered
    # no draft.
    candidates = possible_duplicates(Names.typed([typed]), ANONYMOUS)
    matches = [o for o in candidates if key in {name_key(o.name_en), name_key(o.name_fr)}]
    return matches[0] if len(matches) == 1 else None


class CorrectionRequestForm(TrapMixin, forms.ModelForm):
    class Meta:
        model = CorrectionRequest
        fields = ["message", "name", "email"]
        labels = {
            "message": _("Your correction"),
            "name": _("Your name (optional)"),
            "email": _("Your email address (optional)"),
        }
        help_texts = {
            "message": _("What is wrong or missing on the page, and where you read it."),
            "email": _("Give it to get an answer."),
        }
        widgets = {
            "message": forms.Textarea(attrs={"rows": 6}),
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }
