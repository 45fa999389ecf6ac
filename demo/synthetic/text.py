"""Text columns as the generator writes them: slugs, websites, both languages."""

from django.utils.text import slugify

SLUG_PREFIX = "gen-"


def translated(name, en, fr=None):
    """The base column and both languages, as modeltranslation would have stored them."""
    return {name: en or "", f"{name}_en": en or None, f"{name}_fr": fr or None}


def clip(text, length):
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def make_slug(text, number):
    # The number after the last hyphen is unique per table: no two slugs can collide.
    return f"{SLUG_PREFIX}{slugify(text)[:80].strip('-')}-{number}"


def make_website(text, number):
    # A DNS label is at most 63 characters; .example is reserved and never resolves.
    return f"https://www.{slugify(text)[:40].strip('-')}-{number}.example/"
