"""The privacy page, which names the person in charge of personal information.

Québec's private-sector privacy act, as amended by Law 25, requires the title and
contact details of the person in charge of the protection of personal information
to be published on the site. The operator gives them in three settings:

    PRIVACY_OFFICER_NAME, PRIVACY_OFFICER_TITLE, PRIVACY_OFFICER_EMAIL

Each is a string, or a mapping of language code to string for a name or title
that differs between English and French ({"en": "...", "fr": "..."}). A setting
that is missing or empty shows the default below.
"""

from collections.abc import Mapping

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

DEFAULT_NAME = _("Passerelle privacy officer")
DEFAULT_TITLE = _("Person in charge of the protection of personal information")
DEFAULT_EMAIL = "privacy@passerelle.example"


def in_current_language(value):
    """A setting's value in the active language: the string itself, or its entry
    for the language (else the default language's, else the first given)."""
    if not isinstance(value, Mapping):
        return value
    return (
        value.get(get_language())
        or value.get(settings.LANGUAGE_CODE)
        or next(iter(value.values()), "")
    )


def setting(name, default):
    """A privacy-officer setting in the active language, or ``default`` if unset."""
    return in_current_language(getattr(settings, name, None)) or default


def privacy_officer():
    """The person in charge, as the privacy page shows them."""
    return {
        "privacy_officer_name": setting("PRIVACY_OFFICER_NAME", DEFAULT_NAME),
        "privacy_officer_title": setting("PRIVACY_OFFICER_TITLE", DEFAULT_TITLE),
        "privacy_officer_email": setting("PRIVACY_OFFICER_EMAIL", DEFAULT_EMAIL),
    }


def privacy(request):
    return render(request, "portal/privacy.html", {"section": "privacy", **privacy_officer()})
