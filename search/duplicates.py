"""The organizations a new or renamed organization's names may duplicate, found in the
search index for ``organizations.duplicates`` to compare."""

from organizations.duplicates import Names, distinctive_words, initials
from search.models import OrganizationPosting, SearchKind, SearchName
from search.querying import plan
from search.words import words_of

KIND = SearchKind.ORGANIZATION
# Each name is looked up by its rarest distinctive words, this many.
WORDS_LOOKED_UP = 3


def candidate_ids(names: Names, limit: int) -> set[int]:
    """Ids of organizations named by one of the same rare words (as typed, in another
    form, or corrected from a typo), or whose whole name or acronym is one of
    ``names``' names, acronyms or initials."""
    ids = set()
    whole = set()
    for name in names.names:
        whole |= {as_indexed(name), initials(name)}
        words = plan(" ".join(distinctive_words(name))).words
        # The terms of each word, without those it only starts ("lab" → "laboratory").
        by_word = [[*filter(None, [w.exact]), *w.variants, *w.corrected] for w in words]
        by_word = [[t for t in terms if t.count(KIND)] for terms in by_word]
        rarest = sorted((t for t in by_word if t), key=lambda t: sum(x.count(KIND) for x in t))
        term_ids = [term.id for terms in rarest[:WORDS_LOOKED_UP] for term in terms]
        if term_ids:
            postings = OrganizationPosting.objects.filter(term_id__in=term_ids, in_name=True)
            ids.update(postings.values_list("record_id", flat=True)[:limit])
    whole |= {as_indexed(acronym) for acronym in names.acronyms}
    exact = SearchName.objects.filter(kind=KIND, name__in=[w for w in whole if w])
    ids.update(exact.values_list("organization_id", flat=True)[:limit])
    return ids


def as_indexed(name):
    """A whole name as the index keeps it (``search.indexing``): "universite montreal"."""
    return " ".join(words_of(name))[:300]
