from django import forms
from django.utils.translation import gettext_lazy as _

from members.claims import MAX_QUANTITY
from members.models import Claim


class ClaimForm(forms.Form):
    """A member's claim: how many units and a note for the association."""

    quantity = forms.IntegerField(
        label=_("Quantity"),
        min_value=1,
        max_value=MAX_QUANTITY,
        initial=1,
        help_text=_("Seats, registrations, nights…: how many you ask for."),
    )
    note = forms.CharField(
        label=_("Note for the association (optional)"),
        required=False,
        max_length=Claim._meta.get_field("note").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: 2 seats at the gala, for our CEO and CFO."),
    )

    def __init__(self, *args, benefit_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Several forms on one page: each benefit's fields have ids of their own.
        if benefit_id is not None:
            self.auto_id = f"claim-{benefit_id}-%s"
