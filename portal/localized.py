"""Ordering by a translated field, in the active language, with its fallback.

django-modeltranslation stores ``name_en`` and ``name_fr``; a French name left
empty falls back to the English one on display, so lists must sort the same
way: by the French value where there is one, else the English.
"""

from django.db.models import CharField, F, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language

DEFAULT_LANGUAGE = "en"


def localized_expression(field: str, language: str):
    if language == DEFAULT_LANGUAGE:
        return F(f"{field}_{DEFAULT_LANGUAGE}")
    # The two columns are fields of one kind; the value is read as text.
    return Coalesce(
        NullIf(F(f"{field}_{language}"), Value("")),
        F(f"{field}_{DEFAULT_LANGUAGE}"),
        output_field=CharField(),
    )


def localized(field: str):
    """The expression to order by ``field`` as the visitor reads it."""
    language = (get_language() or DEFAULT_LANGUAGE).split("-")[0]
    if language not in ("en", "fr"):
        language = DEFAULT_LANGUAGE
    return localized_expression(field, language)
