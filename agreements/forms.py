from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.forms import OrganizationLookupField


class BenefitAssociationForm(forms.Form):
    association = OrganizationLookupField(
        label=_("Association"),
        required=True,
        help_text=_("The association, cluster or network you are a member of."),
    )
