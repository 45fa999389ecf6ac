"""Detail-page URLs reversed once per URL name and language, then completed by slug.

A list or a detail page links to dozens of records; ``reverse()`` walks the URL
resolver for each link. Every detail page of the site is a plain prefix, the slug
and "/" (``organizations/<slug:slug>/``), so the prefix is reversed once for a URL
name, language, script prefix and URLconf — everything ``reverse()`` reads — and
each link is the prefix plus its slug. A slug is a SlugField's value: letters,
digits, "-" and "_", which ``reverse()`` would not have quoted either.
"""

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

PLACEHOLDER = "slug"


def slug_url(url_name: str, slug: str) -> str:
    """What ``reverse(url_name, kwargs={"slug": slug})`` answers."""
    return f"{slug_url_prefix(url_name)}{slug}/"


def slug_url_prefix(url_name: str) -> str:
    """``url_name``'s URL up to its slug, in the active language."""
    return _prefix(
        url_name, get_language(), get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF
    )


@functools.cache
def _prefix(url_name, language, script_prefix, urlconf):
    # The arguments past the first are the cache key: reverse() reads them itself.
    url = reverse(url_name, kwargs={"slug": PLACEHOLDER}, urlconf=urlconf)
    if not url.endswith(f"/{PLACEHOLDER}/"):
        raise ValueError(f"{url_name} is not a prefix, a slug and '/': {url}")
    return url.removesuffix(f"{PLACEHOLDER}/")
