"""What staff give us, as plain text in English or French.

Every refusal is a ``ReleaseError`` with a message in the visitor's language, raised
before anything is read further: an empty text, one too long to be a press release,
a file that is not what its extension says, a PDF without a text layer (a scan),
a text in neither language.
"""

import io
import re
import unicodedata
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import docx
from django.utils.translation import gettext as _
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from pypdf import PdfReader

# A long press release is some 20,000 characters; ten times that is something else.
MAX_CHARACTERS = 200_000
EXTENSIONS = (".txt", ".html", ".htm", ".pdf", ".docx")


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class ReleaseError(ValueError):
    """Input that cannot be read as a press release; ``str()`` is the message to show."""


def _decoded(data: bytes, extension: str) -> str:
    if b"\x00" in data:
        raise ReleaseError(not_what_it_says(extension))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReleaseError(not_what_it_says(extension))


def not_what_it_says(extension: str) -> str:
    return _("The file is not the %(extension)s file its name says it is.") % {
        "extension": extension
    }


class _TextOfHtml(HTMLParser):
    """The visible text of a page, a line per block; scripts and styles left out."""

    BLOCKS = frozenset(
        {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article"}
    )
    HIDDEN = frozenset({"script", "style", "head", "noscript", "template"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.hidden, self.tags = [], 0, 0

    def handle_starttag(self, tag, attrs):
        self.tags += 1
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")
        if tag == "li":
            self.parts.append("- ")

    def handle_endtag(self, tag):
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    parser = _TextOfHtml()
    parser.feed(markup)
    parser.close()
    if parser.tags == 0:
        raise ReleaseError(not_what_it_says(".html"))
    return "".join(parser.parts)


def _pdf_text(data: bytes) -> str:
    if not data.lstrip()[:5] == b"%PDF-":
        raise ReleaseError(not_what_it_says(".pdf"))
    parts, length = [], 0
    try:
        reader = PdfReader(io.BytesIO(data))
        for number, page in enumerate(reader.pages):
            if number >= MAX_PAGES or length > MAX_CHARACTERS:
                break  # no press release goes on; checked_text says it is too long
            part = page.extract_text() or ""
            parts.append(part)
            length += len(part)
    except Exception as error:  # pypdf raises many kinds of error on a broken file
        raise ReleaseError(not_what_it_says(".pdf")) from error
    text = "\n".join(parts)
    if not text.strip():
        raise ReleaseError(
            _(
                "This PDF has no text layer (it is probably a scan): paste the text, "
                "or upload a PDF whose text can be selected."
            )
        )
    return text


# A press release runs to a few pages; a file of more is read this far.
MAX_PAGES = 200
# A .docx is a zip of XML: a press release's unpacks to well under these (its text,
# word/document.xml, to some hundreds of kilobytes).
MAX_UNPACKED_BYTES = 20 * 1024 * 1024
MAX_DOCUMENT_XML_BYTES = 3 * 1024 * 1024
MAX_PARAGRAPHS = 20_000


def _docx_text(data: bytes) -> str:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ReleaseError(not_what_it_says(".docx"))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            sizes = {info.filename: info.file_size for info in archive.infolist()}
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise ReleaseError(not_what_it_says(".docx")) from error
    # A zip bomb, or no press release (zipfile reads no more than the sizes declared).
    if (
        sum(sizes.values()) > MAX_UNPACKED_BYTES
        or sizes.get("word/document.xml", 0) > MAX_DOCUMENT_XML_BYTES
    ):
        raise ReleaseError(not_what_it_says(".docx"))
    parts, length = [], 0
    try:
        document = docx.Document(io.BytesIO(data))
        # Paragraphs in reading order, those of tables too, up to what a release holds.
        for number, element in enumerate(document.element.body.iter(qn("w:p"))):
            if number >= MAX_PARAGRAPHS or length > MAX_CHARACTERS:
                break
            text = Paragraph(element, document).text
            parts.append(text)
            length += len(text) + 1
    except Exception as error:  # lxml and python-docx raise many kinds of error
        raise ReleaseError(not_what_it_says(".docx")) from error
    return "\n".join(parts)


def file_text(name: str, data: bytes) -> str:
    """The text of an uploaded file, read as its extension says (checked against its bytes)."""
    extension = Path(name).suffix.lower()
    if extension not in EXTENSIONS:
        raise ReleaseError(
            _("Upload a .txt, .html, .pdf or .docx file, not “%(name)s”.") % {"name": name}
        )
    if extension == ".pdf":
        return _pdf_text(data)
    if extension == ".docx":
        return _docx_text(data)
    if data.lstrip()[:5] == b"%PDF-" or data[:4] == b"PK\x03\x04":
        raise ReleaseError(not_what_it_says(extension))
    text = _decoded(data, extension)
    if extension in (".html", ".htm"):
        return html_to_text(text)
    return text


def checked_text(text: str) -> str:
    """``text`` with its line ends and spaces made plain, refused when empty or too long."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    # Control characters and direction overrides: nothing a release shows, and they
    # would carry into titles and names.
    text = CONTROL.sub("", text)
    if not text.strip():
        raise ReleaseError(_("The press release is empty."))
    if len(text) > MAX_CHARACTERS:
        raise ReleaseError(
            _(
                "The press release is %(length)s characters long; the most that can be "
                "read is %(limit)s."
            )
            % {"length": len(text), "limit": MAX_CHARACTERS}
        )
    return text


# Short words frequent in one language and rare in the other (and in Spanish, Italian
# or German, which share "de", "la" or "in" with them).
# fmt: off
ENGLISH_WORDS = frozenset({
    "the", "and", "of", "to", "is", "for", "with", "that", "this", "will", "are",
    "from", "its", "has", "have", "be", "their", "which", "was", "were", "by", "our",
})
FRENCH_WORDS = frozenset({
    "le", "les", "des", "et", "du", "est", "pour", "une", "dans", "qui", "sur", "au",
    "aux", "avec", "par", "cette", "sont", "ont", "leur", "leurs", "à", "été", "nous",
})
# fmt: on
# Share of a text's words that must be the language's own: a real sentence in either
# language is well above it, a list of names or another language well below.
MIN_SHARE = 0.08


def detect_language(text: str) -> str:
    """ "en" or "fr", by which language's common words the text is made of."""
    words = re.findall(r"[^\W\d_]+", text.casefold())
    english = sum(word in ENGLISH_WORDS for word in words)
    french = sum(word in FRENCH_WORDS for word in words)
    if words and max(english, french) / len(words) >= MIN_SHARE:
        return "en" if english >= french else "fr"
    raise ReleaseError(_("The press release is in neither English nor French."))
