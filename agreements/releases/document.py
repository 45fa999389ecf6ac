"""The parts of a press release: headline, dateline, body, boilerplate and contacts.

The genre is regular. A headline; a dateline ("SAN DIEGO, June 21, 2017 /CNW/ –",
"date 2024-05 HALIFAX, NS & MONCTON--(BUSINESS WIRE)--"); a lede naming who did
what; quotes; perhaps a bulleted list; then boilerplate — "About X" (or a bare name
followed by a paragraph that starts with it), "-30-", "SOURCE X", footnotes — and
the media contacts. Only the body says what the agreement is: the boilerplate
describes the parties in general and is left out of everything but the contacts.
"""

import re
from dataclasses import dataclass, field

from agreements.releases import dates
from portal.dates import PartialDate

# Markdown and markup left by copying from a page or an e-mail.
_LINK = re.compile(r"\[([^\]]+)\]\((?:[^)]+)\)")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_EMPHASIS = re.compile(r"(\*\*|__|\*|(?<!\w)_(?!_))")
_HEADING_MARK = re.compile(r"^\s{0,3}#{1,6}\s*", re.MULTILINE)
_FOOTNOTE_MARK = re.compile(r"(?<=\S)\s?\[\d{1,2}\](?=[\s,.;:])")

ABOUT_HEADING = re.compile(r"^(?:about|à propos|a propos|au sujet)\b", re.IGNORECASE)
CONTACT_HEADING = re.compile(
    r"^(?:(?:media|press|news)\s+(?:contacts?|inquiries|enquiries|relations)|contacts?"
    r"(?:\s+(?:médias?|presse|pour les médias))?|sources?|renseignements?"
    r"(?:\s+médias?)?|relations?\s+(?:avec les\s+)?médias|information|for (?:further|more)"
    r" information|for information|pour (?:plus d['’]|de plus amples\s+)?"
    r"(?:information|renseignements)s?"
    r"|demandes? des médias|personnes?[- ]ressources?)\s*:?\s*$",
    re.IGNORECASE,
)
CONTACT_INLINE = re.compile(
    r"^(?:(?:media|press)\s+contacts?|contacts?(?:\s+(?:médias?|presse))?|renseignements|"
    r"information)\s*:\s*(?P<rest>[A-ZÀ-Ý].*\d.*)$",
    re.IGNORECASE,
)
END_MARK = re.compile(
    r"^(?:-\s*30\s*-|#{3}|– 30 –|—\s*30\s*—|SOURCE\s+\S.*|\[\d{1,2}\]\s.*|"
    r"(?:forward[- ]looking (?:statements|information)|énoncés prospectifs|"
    r"déclarations prospectives|mise en garde)\b.*)$",
    re.IGNORECASE,
)
BULLET = re.compile(r"^\s*(?:[-*•–·▪◦‣●]|\d{1,2}[.)])\s+")
# A short line without a final stop: a heading, an item, a name.
MAX_HEADING_WORDS = 12

# The cities of a dateline are written in capitals; its date follows after a comma.
_CAPS_WORD = r"[A-ZÀ-Ý][A-ZÀ-Ý'’.]+(?:-[A-ZÀ-Ý][A-ZÀ-Ý'’.]+)*"
_CAPS_CITY = rf"{_CAPS_WORD}(?:\s+{_CAPS_WORD}){{0,3}}"
_TITLE_CITY = r"[A-ZÀ-Ý][\w'’\-]+(?:[\s-](?:[A-ZÀ-Ý][\w'’\-]+|sur|de|la|du|les))*"
_REGION = r"[A-ZÀ-Ý][\w.]*(?:[ -][A-ZÀ-Ý][\w.]*)?"
DATELINE = re.compile(
    rf"""^\s*(?:date\s+(?P<iso>\d{{4}}-\d{{2}}(?:-\d{{2}})?)\s+)?
    (?P<cities>(?P<city>{_CAPS_CITY})
        (?:\s*,\s*(?!(?i:{dates.MONTH})\s|le\s)(?P<region>{_REGION}))?
        (?P<others>(?:\s*(?:&|/|\band\b|\bet\b)\s*{_CAPS_CITY}(?:\s*,\s*{_REGION})?)*))
    (?=\s*(?:,|--|—|–|-|/|\())""",
    re.VERBOSE,
)
# "Montréal (Québec), le 3 juin 2024", "Lyon, France – 12 avril 2023".
TITLE_DATELINE = re.compile(
    rf"^\s*(?P<cities>(?P<city>{_TITLE_CITY}))(?:\s*\((?P<region>[^)]+)\)|\s*,\s*"
    rf"(?!le\s|\d|(?i:{dates.MONTH})(?![^\W\d_]))(?P<other_region>{_REGION}))?\s*[,–—-]\s*(?:le\s+)?"
    rf"(?=(?:\d{{1,2}}|(?i:{dates.MONTH})(?![^\W\d_])))",
)
_AFTER_DATELINE = re.compile(
    r"^\s*(?:/[^/\n]{1,60}/)?\s*(?:--\s*\([^)]*\)\s*--|\([^)]{1,40}\)\s*[-–—]+|[-–—]+)?\s*"
)
LOWER_JOINING = frozenset({"sur", "de", "la", "du", "les", "le", "des", "en", "upon", "on"})

NOT_HEADLINE = re.compile(
    r"^(?:press release|news release|communiqué|for immediate (?:release|distribution)|pour "
    r"(?:diffusion|publication) immédiate|embargo)",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”»’]?\s+(?=[«\"“A-ZÀ-Ý0-9])")
ABBREVIATIONS = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Pr|Prof|St|Ste|Inc|Ltd|Corp|Co|No|Mme|M|Jr|Sr|vs|ext|approx|e\.g|i\.e|U\.S|P\.E)\.$"
)
QUOTED = re.compile(r"“[^”]*”|«[^»]*»|\"[^\"\n]*\"")


def clean(text: str) -> str:
    # A "* " list item is a bullet, not emphasis.
    text = re.sub(r"^(\s*)\*\s+", r"\1- ", text, flags=re.MULTILINE)
    text = _LINK.sub(r"\1", text)
    text = _TAG.sub("", text)
    text = _HEADING_MARK.sub("", text)
    text = _EMPHASIS.sub("", text)
    text = _FOOTNOTE_MARK.sub("", text)
    return "\n".join(line.strip() for line in text.split("\n"))


def is_heading(line: str) -> bool:
    return (
        0 < len(line.split()) <= MAX_HEADING_WORDS
        and len(line) <= 120
        and not line.endswith((".", "!", "?", "»", "”", '"'))
    )


def city_name(caps: str) -> str:
    """ "SAN DIEGO" → "San Diego", "SAINT-JEAN-SUR-RICHELIEU" → "Saint-Jean-sur-Richelieu";
    a city written in lower case already is kept."""
    if caps != caps.upper():
        return caps.strip()
    words = re.split(r"([\s\-'’])", caps.strip().lower())
    out = []
    for index, word in enumerate(words):
        if index and word in LOWER_JOINING:
            out.append(word)
        else:
            out.append(word[:1].upper() + word[1:])
    return "".join(out)


@dataclass
class Sentence:
    text: str  # as written, quotes included: the evidence shown to staff
    facts: str  # the same, each quotation replaced by "…": what the release itself says
    paragraph: int


@dataclass
class Dateline:
    city: str | None  # None when the release comes from two cities at once
    region: str
    date: PartialDate | None
    text: str


@dataclass
class Document:
    text: str  # the whole release as received
    language: str
    headline: str = ""
    dateline: Dateline | None = None
    paragraphs: list[str] = field(default_factory=list)  # the body, dateline taken off
    sentences: list[Sentence] = field(default_factory=list)
    contact_lines: list[str] = field(default_factory=list)

    @property
    def lede(self) -> list[Sentence]:
        return [s for s in self.sentences if s.paragraph == 0]


def _body_end(lines: list[str]) -> tuple[int, int | None]:
    """Where the body stops, and where the contacts start (None: no contacts)."""
    end, contacts = len(lines), None
    for index, line in enumerate(lines):
        following = next((other for other in lines[index + 1 :] if other), "")
        bare_name = (
            is_heading(line)
            and len(line.split()) <= 6
            and len(following) > 100
            and following.casefold().startswith(line.casefold().rstrip(":"))
        )
        about = is_heading(line) and ABOUT_HEADING.match(line)
        contact = CONTACT_HEADING.match(line) or line.startswith("SOURCE ")
        inline = CONTACT_INLINE.match(line)
        if index < 2:
            continue
        if end == len(lines) and (about or bare_name or contact or inline or END_MARK.match(line)):
            end = index
        if contact or inline:
            # "Contact presse : Paul Girard, …" holds its first contact on its own line.
            contacts = index + (0 if line.startswith("SOURCE ") or inline else 1)
    return end, contacts


def _split_sentences(paragraph: str) -> list[str]:
    pieces, start = [], 0
    for match in SENTENCE_END.finditer(paragraph):
        candidate = paragraph[start : match.start()].rstrip()
        if ABBREVIATIONS.search(candidate + "") and not candidate.endswith(("..", "…")):
            continue
        pieces.append(paragraph[start : match.end()].strip())
        start = match.end()
    pieces.append(paragraph[start:].strip())
    return [p for p in pieces if p]


def read_dateline(paragraph: str, language: str) -> tuple[Dateline | None, str]:
    """The dateline at the head of ``paragraph`` and the paragraph without it."""
    match = DATELINE.match(paragraph) or TITLE_DATELINE.match(paragraph)
    iso = re.match(r"^\s*date\s+(\d{4}-\d{2}(?:-\d{2})?)\b", paragraph)
    if match is None and iso is None:
        # A date alone, without its city: "June 5, 2024 – …".
        alone = dates.DATE_PATTERN.match(paragraph.lstrip())
        offset = len(paragraph) - len(paragraph.lstrip())
        if alone is None or not re.match(r"\s*(?:[-–—]|/)", paragraph[offset + alone.end() :]):
            return None, paragraph
        rest = _AFTER_DATELINE.sub("", paragraph[offset + alone.end() :], count=1)
        line = paragraph[: len(paragraph) - len(rest)].strip()
        return Dateline(None, "", dates.date_of(alone, language), line), rest.strip()
    rest = paragraph[match.end() if match else iso.end() :]
    date = None
    # "SAN DIEGO, June 21, 2017", "TORONTO, ON – April 8, 2024", "Lyon, le 3 juin 2024".
    # Business Wire puts the date after its name: "BOSTON--(BUSINESS WIRE)--June 5, 2023--".
    # "MONCTON (Nouveau-Brunswick), le 8 novembre 2024": the region in parentheses.
    after = re.match(
        r"^\s*(?:\((?P<region>[^)]{1,40})\)\s*)?(?:--\s*\([^)]{1,40}\)\s*--|[,–—-])?\s*"
        r"(?:le\s+)?",
        rest,
    )
    if after:
        found = dates.DATE_PATTERN.match(rest, after.end())
        if found:
            date = dates.date_of(found, language)
            rest = re.sub(r"^\s*--(?!\s*\()", " - ", rest[found.end() :])
    if date is None and iso is not None:
        date = dates.date_of(dates.DATE_PATTERN.match(iso.group(1)), language)
    rest = _AFTER_DATELINE.sub("", rest, count=1)
    city, region = None, ""
    if match is not None:
        several = bool(match.groupdict().get("others"))
        city = None if several else city_name(match["city"])
        region = (match["region"] or match.groupdict().get("other_region") or "").strip()
        if not region and after and after["region"]:
            region = after["region"].strip()
    line = paragraph[: len(paragraph) - len(rest)].strip()
    return Dateline(city=city, region=region, date=date, text=line), rest.strip()


def facts_of(text: str) -> str:
    return QUOTED.sub("…", text)


# A line this much of the longest lines' length, not ending a sentence, was wrapped.
WRAPPED_SHARE = 0.7
# Lines no longer than this are not wrapped text, whatever their ends.
MIN_WRAP_WIDTH = 40


def unwrap(lines: list[str]) -> list[str]:
    """Lines as paragraphs again, where a PDF or an e-mail wrapped them at a width:
    a line nearly as long as the longest ones, not ending a sentence, goes on in the
    next unless that one starts a list item, a dateline or an "About" section."""
    lengths = sorted(len(line) for line in lines if line)
    if not lengths:
        return lines
    width = lengths[int(len(lengths) * 0.9) - 1 if len(lengths) > 1 else 0]
    out: list[str] = []
    for line in lines:
        previous = out[-1] if out else ""
        joins = (
            previous
            and line
            and width >= MIN_WRAP_WIDTH
            and (len(previous) >= WRAPPED_SHARE * width or line[:1].islower())
            and not previous.endswith((".", "!", "?", ":", "»", "”", '"', ";"))
            and not BULLET.match(line)
            and not ABOUT_HEADING.match(line)
            and not CONTACT_HEADING.match(line)
            and not (DATELINE.match(line) or TITLE_DATELINE.match(line))
            and not re.match(r"\s*date\s+\d{4}-\d{2}", line)
        )
        if not joins:
            out.append(line)
        elif previous.endswith("-"):
            # "entente-" / "cadre": a compound cut at its hyphen keeps it.
            out[-1] = previous + line
        else:
            out[-1] = f"{previous} {line}"
    return out


def read(text: str, language: str) -> Document:
    lines = unwrap(clean(text).split("\n"))
    end, contacts = _body_end(lines)
    document = Document(text=text, language=language)
    if contacts is not None:
        document.contact_lines = lines[contacts:]
        inline = CONTACT_INLINE.match(lines[contacts]) if contacts < len(lines) else None
        if inline:
            document.contact_lines[0] = inline["rest"]
    # Wrapped lines are joined again (``unwrap``): each line is a paragraph, a heading or
    # a list item.
    paragraphs = [line for line in lines[:end] if line]
    # The dateline opens the first paragraph that has one; what precedes is the headline.
    body_start = 0
    for index, paragraph in enumerate(paragraphs[:8]):
        dateline, rest = read_dateline(paragraph, language)
        if dateline is not None:
            document.dateline = dateline
            paragraphs[index] = rest
            body_start = index
            break
    else:
        # No dateline: the body starts at the first paragraph that reads as prose.
        body_start = next(
            (i for i, p in enumerate(paragraphs) if not is_heading(p) and len(p) > 80), 0
        )
    headings = [
        p
        for p in paragraphs[:body_start]
        if is_heading(p) and len(p.split()) > 2 and not NOT_HEADLINE.match(p)
    ]
    document.headline = headings[0] if headings else ""
    document.paragraphs = [p for p in paragraphs[body_start:] if p]
    for number, paragraph in enumerate(document.paragraphs):
        facts = facts_of(paragraph)
        for piece in _split_sentences(facts):
            document.sentences.append(Sentence(text=piece, facts=piece, paragraph=number))
    # Evidence quotes the release as written, quotations included.
    _restore_quotes(document)
    return document


def _restore_quotes(document: Document) -> None:
    for sentence in document.sentences:
        paragraph = document.paragraphs[sentence.paragraph]
        if "…" not in sentence.facts:
            continue
        pattern = re.escape(sentence.facts).replace("…", ".*?")
        found = re.search(pattern, paragraph, re.DOTALL)
        if found:
            sentence.text = found.group(0)
