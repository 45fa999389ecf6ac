"""Dates as press releases write them, in English and French, at the precision given.

"June 21, 2017" and "le 3 juin 2024" are days, "November of 2018" and "mars 2025"
months, "in 2018" or "the 2018 edition" a year. The phrase is found with a pattern
(which also says the precision) and read by dateparser in the text's language.
"""

import datetime
import re

import dateparser

from portal.dates import DatePrecision, PartialDate, truncate_to_precision

# fmt: off
MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "janvier", "février", "fevrier", "mars", "avril",
    "mai", "juin", "juillet", "août", "aout", "septembre", "octobre", "novembre",
    "décembre", "decembre", "janv", "févr", "fevr", "sept", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "oct", "nov", "dec", "avr", "juil", "déc",
)
# fmt: on
MONTH = r"(?:" + "|".join(sorted(MONTH_NAMES, key=len, reverse=True)) + r")\.?"
_ORDINAL = r"(?:st|nd|rd|th|er|e)?"
DATE_PATTERN = re.compile(
    rf"""
    (?P<day_first>\b\d{{1,2}}{_ORDINAL}\s+(?:de\s+|of\s+)?{MONTH}\s*,?\s+(?:de\s+)?\d{{4}}\b)
    | (?P<month_first>\b{MONTH}\s+\d{{1,2}}{_ORDINAL}\s*,?\s+\d{{4}}\b)
    | (?P<month_year>\b{MONTH}\s+(?:of\s+|de\s+|d['’]\s*)?\d{{4}}\b)
    | (?P<iso_day>\b\d{{4}}-\d{{2}}-\d{{2}}\b)
    | (?P<iso_month>\b\d{{4}}-\d{{2}}\b)
    """,
    re.IGNORECASE | re.VERBOSE,
)
# "Monday, November 17": a weekday before a date says nothing of it.
WEEKDAY = re.compile(
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s*,?\s+(?:the\s+|le\s+)?",
    re.IGNORECASE,
)
# A day named without its year ("on November 17", "le 17 novembre"): the year is the
# release's, or the one before when the day would fall after the release.
DAY_WITHOUT_YEAR = re.compile(
    rf"(?P<phrase>{MONTH}\s+\d{{1,2}}{_ORDINAL}|\d{{1,2}}{_ORDINAL}\s+(?:of\s+|de\s+)?{MONTH})"
    r"(?!\s*,?\s*(?:de\s+|of\s+)?\d)",
    re.IGNORECASE,
)
# A month named without its year ("later in June"): the year is the release's.
BARE_MONTH = re.compile(
    rf"\b(?:in|en|later in|plus tard en|au mois de|ce|this)\s+(?P<month>{MONTH})\b"
    r"(?!\s*(?:of\s+|de\s+)?\d)",
    re.IGNORECASE,
)
YEAR = re.compile(
    r"\b(?:in|en|by|d'ici|d’ici|the|l['’]|of|de|du|for|pour|au cours de)\s+"
    r"(?:(?:fall|spring|summer|winter|automne|printemps|été|hiver|early|late|début|fin)\s+(?:of\s+|de\s+)?)?"
    r"(?P<year>(?:19|20)\d{2})\b",
    re.IGNORECASE,
)

_SETTINGS = {
    "PREFER_DAY_OF_MONTH": "first",
    "REQUIRE_PARTS": ["month", "year"],
    # Only what the text says counts: nothing is filled from today's date.
    "RELATIVE_BASE": datetime.datetime(2000, 1, 1),
}


def _parsed(phrase: str, language: str) -> datetime.date | None:
    cleaned = re.sub(r"(\d)(?:st|nd|rd|th|er|e)\b", r"\1", phrase, flags=re.IGNORECASE)
    cleaned = re.sub(r"\b(?:of|de|d['’])\s*(?=\d{4})", "", cleaned, flags=re.IGNORECASE)
    languages = [language, "fr" if language == "en" else "en"]
    value = dateparser.parse(cleaned, languages=languages, settings=_SETTINGS)
    return value.date() if value else None


def date_of(match: re.Match, language: str) -> PartialDate | None:
    """The date a ``DATE_PATTERN`` match gives, at its precision."""
    kind = match.lastgroup
    phrase = match.group(kind)
    if kind in ("iso_day", "iso_month"):
        parts = [int(p) for p in phrase.split("-")]
        try:
            value = datetime.date(parts[0], parts[1], parts[2] if len(parts) == 3 else 1)
        except ValueError:
            return None
        precision = DatePrecision.DAY if kind == "iso_day" else DatePrecision.MONTH
        return PartialDate(value, precision)
    value = _parsed(phrase, language)
    if value is None:
        return None
    precision = DatePrecision.MONTH if kind == "month_year" else DatePrecision.DAY
    return PartialDate(truncate_to_precision(value, precision), precision)


def dates_in(text: str, language: str) -> list[tuple[PartialDate, re.Match]]:
    found = []
    for match in DATE_PATTERN.finditer(text):
        date = date_of(match, language)
        if date is not None:
            found.append((date, match))
    return found


def date_at(text: str, position: int, language: str, released=None) -> PartialDate | None:
    """The date written at ``position`` in ``text``, after any weekday: a full one, or
    a day without its year when the release's date (``released``) supplies it."""
    weekday = WEEKDAY.match(text, position)
    if weekday:
        position = weekday.end()
    found = DATE_PATTERN.match(text, position)
    if found:
        return date_of(found, language)
    bare = DAY_WITHOUT_YEAR.match(text, position)
    if bare is None or released is None:
        return None
    latest = last_day(released)
    for year in (latest.year, latest.year - 1):
        value = _parsed(f"{bare['phrase']} {year}", language)
        if value is not None and value <= latest:
            return PartialDate(value, DatePrecision.DAY)
    return None


def last_day(date: PartialDate) -> datetime.date:
    """The last day ``date`` may be: itself, or the end of its month or year."""
    value = date.value
    if date.precision == DatePrecision.YEAR:
        return value.replace(month=12, day=31)
    if date.precision == DatePrecision.MONTH:
        following = value.replace(day=28) + datetime.timedelta(days=4)
        return following - datetime.timedelta(days=following.day)
    return value


def first_date(text: str, language: str) -> PartialDate | None:
    found = dates_in(text, language)
    return found[0][0] if found else None


def year_in(text: str) -> PartialDate | None:
    match = YEAR.search(text)
    if match is None:
        return None
    return PartialDate(datetime.date(int(match["year"]), 1, 1), DatePrecision.YEAR)


def bare_month_in(text: str, year: int, language: str) -> PartialDate | None:
    match = BARE_MONTH.search(text)
    if match is None:
        return None
    value = _parsed(f"{match['month']} {year}", language)
    if value is None:
        return None
    return PartialDate(value.replace(day=1), DatePrecision.MONTH)


# Durations: "two-year", "pour une durée de trois ans", "within 18 months".
NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "twelve": 12, "eighteen": 18, "twenty-four": 24, "thirty-six": 36,
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8,
    "neuf": 9, "dix": 10, "douze": 12, "dix-huit": 18, "vingt-quatre": 24, "trente-six": 36,
}  # fmt: skip
NUMBER = r"(?P<number>\d{1,3}|" + "|".join(sorted(NUMBERS, key=len, reverse=True)) + ")"
UNIT = r"(?P<unit>years?|months?|ans|années|mois|an)"
