"""Words as the index keeps them and as queries are matched: normalized (lower
case, no accents, punctuation as spaces; portal.query_text), without the small
words of either language that every record holds ("of", "de la")."""

from portal.query_text import normalize

# Longer words are cut: nobody types them, and the vocabulary stays narrow.
MAX_WORD_LENGTH = 40

# English; French (after accents are removed: "à" is "a", "où" is "ou"); and the
# elided articles and pronouns once the apostrophe is a space (l'Oncopole, d'entente).
_ENGLISH = "a an and are as at be by for from in into is it its of on or the to with"
_FRENCH = (
    "au aux avec ce ces dans de des du en et il la le les leur ou par pour sa se ses son sur un une"
)
_ELIDED = "c d j l m n qu s t"
STOPWORDS = frozenset(f"{_ENGLISH} {_FRENCH} {_ELIDED}".split())


def words_of(text: str) -> list[str]:
    """The indexable words of ``text``, in order, repeats included."""
    return [
        word[:MAX_WORD_LENGTH]
        for word in normalize(text).split()
        if word not in STOPWORDS and len(word) > 1
    ]


def query_terms(query: str) -> list[str]:
    """The distinct words of a query that can match: "Protocole d'entente" →
    ["protocole", "entente"]. Empty when only small words were typed."""
    return list(dict.fromkeys(words_of(query)))


def singular(word: str) -> str:
    """A word's likely singular, in English or French, so that a plural and its
    singular match: "universities" → "university", "hopitaux" → "hopital",
    "clusters" → "cluster", "grappes" → "grappe". A key to compare words by,
    not a dictionary form."""
    if len(word) <= 3:
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("aux"):
        return word[:-3] + "al"
    if word.endswith(("s", "x")) and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word
