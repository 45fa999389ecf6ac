"""A field's choice label, looked up in a table built once per field.

Django's ``get_FOO_display()`` rebuilds a dictionary of every choice at each
call, hashing each lazily translated label, which translates it: on a list of
twenty cards that is hundreds of translations for twenty labels. Here the table
maps each stored value to its label, unchanged, and only the label shown is
translated, in the visitor's language.
"""

import functools

from django.utils.encoding import force_str


@functools.cache
def _labels(field) -> dict:
    return dict(field.flatchoices)


def choice_label(field, value):
    """What ``get_FOO_display()`` answers for ``value`` of ``field``."""
    try:
        label = _labels(field).get(value, value)
    except TypeError:  # a value that cannot be a key
        label = value
    return force_str(label, strings_only=True)
