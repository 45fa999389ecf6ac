"""The snippet under each search result: a window of its text around the first
matching word, with the matches marked."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from portal.query_text import fold_char, normalize

SNIPPET_LENGTH = 200


def best_text(entry, words):
    """The description if a word is found there, else the related terms, else the name."""
    for text in (entry.body, entry.related, entry.names):
        normalized = normalize(text)
        if text and any(word in normalized for word in words):
            return text
    return entry.body or entry.related or ""


def _folded_with_positions(text):
    """The text folded character by character, and for each folded character the
    index of the original character it came from."""
    folded, positions = [], []
    for index_, char in enumerate(text):
        for folded_char in fold_char(char):
            folded.append(folded_char)
            positions.append(index_)
    return "".join(folded), positions


def highlight(text: str, words) -> str:
    """A window of ``text`` around the first match, escaped, matches in <mark>."""
    if not text:
        return ""
    folded, positions = _folded_with_positions(text)
    spans = []
    for word in words:
        for match in re.finditer(re.escape(word), folded):
            start = positions[match.start()]
            end = positions[match.end() - 1] + 1
            spans.append((start, end))
    spans.sort()
    merged = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    window_start = 0
    if merged and merged[0][0] > SNIPPET_LENGTH // 3:
        window_start = text.rfind(" ", 0, merged[0][0] - SNIPPET_LENGTH // 3) + 1
    window_end = min(len(text), window_start + SNIPPET_LENGTH)
    if window_end < len(text):
        space = text.rfind(" ", window_start, window_end)
        window_end = space if space > window_start else window_end
    pieces = ["…" if window_start > 0 else ""]
    cursor = window_start
    for start, end in merged:
        if end <= window_start or start >= window_end:
            continue
        start, end = max(start, window_start), min(end, window_end)
        pieces.append(escape(text[cursor:start]))
        pieces.append(f"<mark>{escape(text[start:end])}</mark>")
        cursor = end
    pieces.append(escape(text[cursor:window_end]))
    if window_end < len(text):
        pieces.append("…")
    # Every piece of the visitor-facing text was escaped above.
    return mark_safe("".join(pieces))
