"""Where a record is, as the corridor pages name places (``organizations.places``)."""

from django import template

from organizations.places import place_key, place_slug

register = template.Library()


@register.filter
def corridor_place(record) -> str:
    """The record's place as the corridor list's ``side`` filter names it ("quebec-ca");
    "" for a record with no country."""
    place = place_key(record.country, record.region)
    return place_slug(place) if place is not None else ""
