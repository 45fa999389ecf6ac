"""Ordering by a translated field, in the active language, with its fallback.

django-modeltranslation stores ``name_en`` and ``name_fr``; a French name left
empty falls back to the English one on display, so lists must sort the same
way: by the French value where there is one, else the English.
"""

from django.db.models import CharField, F, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language

DEFAULT_LANGUAGE = "en"


def localized_expression(field: str, language: str, **kwargs):
    if language == DEFAULT_LANGUAGE:
        return F(f"{field}_{DEFAULT_LANGUAGE}")
    return Coalesce(
        NullIf(F(f"{field}_{language}"), Value("")), F(f"{field}_{DEFAULT_LANGUAGE}"), **kwargs
    )


def localized(field: str):
    """The expression to order by ``field`` as the visitor reads it."""
    return localized_expression(field, visitor_language())


def localized_value(field: str):
    """``field`` as the visitor reads it, to select: the value is text."""
    return localized_expression(field, visitor_language(), output_field=CharField())


def visitor_language():
    language = (get_language() or DEFAULT_LANGUAGE).split("-")[0]
    return language if language in ("en", "fr") else DEFAULT_LANGUAGE
