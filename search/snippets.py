"""The snippet under a search result: the sentence of the record's own text that
holds most of the query's words, with those words marked."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from portal.query_text import normalize

# A sentence longer than this is cut around its first marked word.
MAX_SNIPPET_LENGTH = 240

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")
_WORD = re.compile(r"\w+")


def _sentences(text):
    return [sentence.strip() for sentence in _SENTENCE_END.split(text) if sentence.strip()]


def _marked_spans(sentence, matches):
    """(start, end) of every word of ``sentence`` that ``matches`` (a predicate on
    normalized words), and how many distinct normalized words matched."""
    spans, matched = [], set()
    for token in _WORD.finditer(sentence):
        folded = normalize(token.group())
        if folded and matches(folded):
            spans.append(token.span())
            matched.add(folded)
    return spans, len(matched)


def _window(sentence, spans):
    """The part of a long sentence around its first match, cut at spaces."""
    if len(sentence) <= MAX_SNIPPET_LENGTH:
        return 0, len(sentence)
    start = max(0, spans[0][0] - MAX_SNIPPET_LENGTH // 3)
    if start:
        start = sentence.find(" ", start) + 1 or start
    end = min(len(sentence), start + MAX_SNIPPET_LENGTH)
    if end < len(sentence):
        space = sentence.rfind(" ", start, end)
        end = space if space > start else end
    return start, end


def marked_sentence(texts, matches) -> str:
    """The sentence of ``texts`` with the most distinct matching words (the first
    among equals), escaped, matches in <mark>; "" when no sentence matches."""
    best, best_spans, best_count = None, [], 0
    for text in texts:
        for sentence in _sentences(text or ""):
            spans, count = _marked_spans(sentence, matches)
            if count > best_count:
                best, best_spans, best_count = sentence, spans, count
    if best is None:
        return ""
    start, end = _window(best, best_spans)
    pieces = ["…" if start else ""]
    cursor = start
    for span_start, span_end in best_spans:
        if span_start < start or span_end > end:
            continue
        pieces += [
            escape(best[cursor:span_start]),
            f"<mark>{escape(best[span_start:span_end])}</mark>",
        ]
        cursor = span_end
    pieces.append(escape(best[cursor:end]))
    if end < len(best):
        pieces.append("…")
    # Every piece of the record's text was escaped above.
    return mark_safe("".join(pieces))
