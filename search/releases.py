"""The organizations a press release may name, found in the search index for the
release reader (``agreements.releases.parties``), so that reading a release costs a
few indexed lookups instead of loading the whole directory.

- Whole names and acronyms: every run of up to ``MAX_NAME_WORDS`` words of the text,
  as the index keeps names ("universite montreal"), looked up among the indexed names.
- Short names ("l'Oncopole"): a capitalized word of the text that only one
  organization's name holds, with that organization.
"""

import re

from django.db.models import Count, Min

from agreements.releases.parties import MAX_NAME_WORDS, MIN_SHORT_NAME
from portal.query_text import normalize
from search.models import OrganizationPosting, SearchKind, SearchName, SearchTerm
from search.words import MAX_WORD_LENGTH, STOPWORDS, words_of

# Names looked up per query.
BATCH = 2000
# A word in more organizations' records than this is no one organization's short name.
MAX_SHORT_NAME_HOLDERS = 50


def release_candidates(text: str) -> tuple[set[int], dict[str, int]]:
    """Ids of the organizations ``text`` may name, and {word: the one organization
    whose name holds it} for its capitalized words."""
    tokens = re.findall(r"[^\W_]+", text)
    words = [normalize(token) for token in tokens]
    names = set()
    for start in range(len(words)):
        kept = []
        for word in words[start : start + MAX_NAME_WORDS]:
            kept += [w[:MAX_WORD_LENGTH] for w in word.split() if w not in STOPWORDS and len(w) > 1]
            if kept:
                names.add(" ".join(kept)[:300])
    ids = set()
    ordered = sorted(names)
    for at in range(0, len(ordered), BATCH):
        found = SearchName.objects.filter(
            kind=SearchKind.ORGANIZATION, name__in=ordered[at : at + BATCH]
        )
        ids.update(found.values_list("organization_id", flat=True))

    capitalized = set()
    for token, word in zip(tokens, words, strict=True):
        if token[:1].isupper() and len(word) >= MIN_SHORT_NAME:
            capitalized.update(words_of(word))
    unique = {}
    if capitalized:
        terms = SearchTerm.objects.filter(
            word__in=sorted(capitalized), organization_count__lte=MAX_SHORT_NAME_HOLDERS
        ).values("id")
        holders = (
            OrganizationPosting.objects.filter(term__in=terms, in_name=True)
            .values("term__word")
            .annotate(holders=Count("record", distinct=True), holder=Min("record"))
            .filter(holders=1)
        )
        unique = {row["term__word"]: row["holder"] for row in holders}
    return ids | set(unique.values()), unique
