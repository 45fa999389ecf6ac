"""What a visitor types, made comparable: the lists' words box (portal.filters)
and the search engine (search/) clean and fold words the same way, so a word
typed in one matches what the other stored."""

import re
import unicodedata
from functools import lru_cache

MAX_QUERY_LENGTH = 200

# Characters that are not letters, digits or spaces become spaces; words are
# what is left. Control characters (NUL included) are dropped before anything.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_NON_WORD = re.compile(r"[^\w]+")


@lru_cache(maxsize=8192)
def fold_char(char: str) -> str:
    """One character without its accents, lower case: 'É' → 'e', 'œ' → 'oe'."""
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def normalize(text: str) -> str:
    """Lower case, no accents, punctuation as spaces, single spaces."""
    text = _CONTROL.sub(" ", text or "")
    folded = text.lower() if text.isascii() else "".join(map(fold_char, text))
    return " ".join(_NON_WORD.sub(" ", folded).split())


def clean_query(raw: str) -> str:
    """What the visitor typed, made safe to echo and to search: no control
    characters, single spaces, at most MAX_QUERY_LENGTH characters."""
    return " ".join(_CONTROL.sub(" ", raw or "").split())[:MAX_QUERY_LENGTH]


def query_words(query: str) -> list[str]:
    """The words to match: normalized, one-letter words (the d of d'entente) left out."""
    return [word for word in normalize(query).split() if len(word) > 1]
