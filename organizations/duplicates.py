"""Organizations that may already be recorded under another spelling.

Institutions' names share most of their words: "Université", "de", "Inc.",
"Centre", "Institute". A plain string distance between two names mostly measures
those words, so it calls "Université Laval" and "Université de Lyon" close and
misses "Life Sciences Ontario" typed where "LSO" is recorded. Here two names are
taken for one organization when their distinctive words (what is left once the
common words are set aside, with accents, case, punctuation and word order
ignored) are the same, or differ by a typo in a word they do not share; or when
one is the other's acronym, or the initials of its name.

Finding the records to compare is the search index's work (it knows every word of
every name, and corrects typos): the search app registers its finder here
(``register_candidate_finder``), as it sits above this app.
"""

import re
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from organizations.models import Organization
from portal import scoping
from portal.publishing import Publication
from portal.query_text import normalize

# Words that join the others: two names that share only these share nothing.
# fmt: off
JOINING_WORDS = frozenset({
    "a", "an", "and", "at", "au", "aux", "d", "de", "des", "du", "en", "et", "for", "in",
    "l", "la", "le", "les", "of", "on", "pour", "sur", "the", "to",
})
# The legal form of a company: it says nothing of which company.
LEGAL_FORMS = frozenset({
    "inc", "incorporated", "ltd", "ltee", "limited", "llc", "corp", "corporation", "co",
    "company", "compagnie", "cie", "sa", "sas", "sarl", "gmbh", "ag", "plc",
})
# Words that say what kind of body an organization is, in either language, each with
# the kind it says: "Université McGill" and "McGill University" are one kind of body,
# "University of Ottawa" and "The Ottawa Hospital" two.
KIND_WORDS = {
    "universite": "university", "university": "university", "univ": "university",
    "college": "college", "cegep": "college", "ecole": "school", "school": "school",
    "faculte": "faculty", "faculty": "faculty", "departement": "department",
    "department": "department", "association": "association", "society": "society",
    "societe": "society", "institut": "institute", "institute": "institute",
    "centre": "centre", "center": "centre", "foundation": "foundation",
    "fondation": "foundation", "council": "council", "conseil": "council",
    "group": "group", "groupe": "group", "network": "network", "reseau": "network",
    "federation": "federation", "alliance": "alliance", "hopital": "hospital",
    "hospital": "hospital", "clinique": "clinic", "clinic": "clinic",
    "laboratoire": "laboratory", "laboratory": "laboratory", "laboratorie": "laboratory",
    "lab": "laboratory", "labs": "laboratory",
}
# fmt: on
COMMON_WORDS = JOINING_WORDS | LEGAL_FORMS | frozenset(KIND_WORDS)
# A word this long may hold two typos.
LONG_WORD = 10
# A one-word name this short may be an acronym.
MAX_ACRONYM = 6
# A typo is forgiven in a distinctive word this long or longer; shorter words
# ("Lyon", "Laval") must be the same.
TYPO_MIN_LENGTH = 6


# A name followed by its acronym: "Life Sciences Ontario (LSO)".
IN_PARENTHESES = re.compile(r"\s*(?P<name>.*\S)\s*\((?P<acronym>[^()\s]{2,12})\)\s*")


@dataclass(frozen=True)
class Names:
    """What an organization is called: its names and acronyms in both languages."""

    names: tuple[str, ...]
    acronyms: tuple[str, ...] = ()

    @classmethod
    def typed(cls, names, acronyms=()):
        """The names as typed, a name's acronym in parentheses taken for an acronym:
        "Université du Québec à Montréal (UQAM)"."""
        names, acronyms = list(filter(None, names)), list(filter(None, acronyms))
        for index, name in enumerate(names):
            match = IN_PARENTHESES.fullmatch(name)
            if match:
                names[index] = match["name"]
                acronyms.append(match["acronym"])
        return cls(tuple(names), tuple(acronyms))

    @classmethod
    def of(cls, organization):
        return cls(
            tuple(n for n in (organization.name_en, organization.name_fr) if n),
            tuple(a for a in (organization.acronym_en, organization.acronym_fr) if a),
        )


def stem(word):
    """A word without its plural's s: "recherches" and "recherche" are one word."""
    return word[:-1] if len(word) > 4 and word.endswith("s") else word


def distinctive_words(name):
    """The words of ``name`` that are not common words, normalized, sorted."""
    return sorted(stem(w) for w in normalize(name).split() if stem(w) not in COMMON_WORDS)


def kinds(name):
    """The kinds of body ``name`` says the organization is ("university", "hospital")."""
    return {KIND_WORDS[stem(w)] for w in normalize(name).split() if stem(w) in KIND_WORDS}


def initials(name):
    """The first letters of the words of ``name`` but the joining ones: "lso" for
    "Life Sciences Ontario", "frqs" for "Fonds de recherche du Québec – Santé"."""
    return "".join(w[0] for w in normalize(name).split() if w not in JOINING_WORDS)


def compact(text):
    """``text`` normalized without spaces: an acronym as it is compared."""
    return normalize(text).replace(" ", "")


def same_name(first, second):
    """Whether two names name one organization (see the module)."""
    one, other = distinctive_words(first), distinctive_words(second)
    one_kind, other_kind = kinds(first), kinds(second)
    if one_kind and other_kind and one_kind != other_kind:
        # "University of Ottawa" and "The Ottawa Hospital"; "Université de Montréal"
        # and "Fondation de l'Université de Montréal".
        return False
    if not one or not other:
        # Names made of common words only: the same words, in any order.
        return sorted(normalize(first).split()) == sorted(normalize(second).split())
    if one == other or "".join(one) == "".join(other):
        return True
    if len(one) != len(other):
        return False
    # The same words but one, which differs by a typo: "Genome Canda", "Adaptimune".
    different = [(a, b) for a, b in zip(one, other, strict=True) if a != b]
    if len(different) != 1:
        return False
    a, b = different[0]
    shortest = min(len(a), len(b))
    # A word shared besides makes a shorter word's typo likelier than another name.
    if shortest < TYPO_MIN_LENGTH - (len(one) > 1):
        return False
    return Levenshtein.distance(a, b) <= (1 if shortest < LONG_WORD else 2)


def same_acronym(first: Names, second: Names):
    """One is called by the other's acronym, or by its initials (a short one-word name,
    "LSO", is taken for an acronym too)."""
    for one, other in ((first, second), (second, first)):
        acronyms = {compact(acronym) for acronym in other.acronyms}
        acronyms |= {compact(n) for n in other.names if len(n) <= MAX_ACRONYM and " " not in n}
        acronyms -= {""}
        if not acronyms:
            continue
        called = {compact(a) for a in one.acronyms} | {compact(n) for n in one.names}
        called |= {initials(n) for n in one.names if len(initials(n)) >= 3}
        if called & acronyms:
            return True
    return False


def likely_same(first: Names, second: Names):
    """Whether two organizations' names say they are one (see the module)."""
    if any(same_name(a, b) for a in first.names for b in second.names):
        return True
    return same_acronym(first, second)


# The search app's finder: (names: Names, limit) -> ids of organizations worth comparing.
_finder = None


def register_candidate_finder(finder):
    global _finder
    _finder = finder


# At most this many organizations are compared with a name.
MAX_CANDIDATES = 300


def possible_duplicates(names: Names, viewer, exclude=None):
    """The recorded organizations ``names`` likely names (``likely_same``), by name:
    published ones and the drafts ``viewer`` may see (``portal.publishing``)."""
    if _finder is None or not names.names:
        return []
    # The search index holds published organizations only: drafts, a few at a time, are
    # all compared. Another association's draft is not named to its staff.
    drafts = (
        scoping.managed(Organization.all_objects.filter(publication=Publication.DRAFT), viewer)
        .order_by("-id")
        .values_list("id", flat=True)
    )
    ids = (set(_finder(names, MAX_CANDIDATES)) | set(drafts[:MAX_CANDIDATES])) - {exclude}
    if not ids:
        return []
    fields = ["id", "slug", "name", "name_en", "name_fr", "acronym_en", "acronym_fr"]
    found = Organization.all_objects.filter(id__in=ids).only(*fields)
    return sorted(
        (o for o in found if likely_same(names, Names.of(o))), key=lambda o: normalize(o.name)
    )
