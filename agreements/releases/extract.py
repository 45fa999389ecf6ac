"""A press release read into the fields of a draft agreement, each with its evidence.

``extract(text)`` returns a ``ReleaseDraft``; ``ReleaseDraft.as_json()`` is what
``manage.py draft_from_release`` prints. The rules follow the genre, not any one
release: see ``document`` for its parts, ``parties`` for who signed and ``details``
for benefits, commitments, themes and contacts.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _
from rapidfuzz import fuzz

from accounts.access import ANONYMOUS
from agreements.choices import AgreementKind, PartyRole
from agreements.releases import dates, details, document
from agreements.releases import parties as party_finding
from agreements.releases.dates import NUMBER, UNIT
from agreements.releases.text import checked_text, detect_language
from events.models import Event, Series
from portal.dates import DatePrecision, PartialDate
from portal.query_text import normalize


@dataclass
class FoundEvent:
    series: str
    year: int | None
    slug: str | None


@dataclass
class ReleaseDraft:
    text: str
    language: str
    kind: str | None = None
    title: str = ""
    signed: PartialDate | None = None
    # The release's own date (its dateline), the source document's date.
    released: PartialDate | None = None
    place: str | None = None
    event: FoundEvent | None = None
    term_months: int | None = None
    parties: list[party_finding.FoundParty] = field(default_factory=list)
    benefits: list[details.FoundBenefit] = field(default_factory=list)
    commitments: list[details.FoundCommitment] = field(default_factory=list)
    contacts: list[details.FoundContact] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    evidence: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> dict:
        def partial(value):
            return {"date": value.iso(), "precision": str(value.precision)} if value else None

        return {
            "language": self.language,
            "kind": self.kind,
            "title": self.title,
            "signed": partial(self.signed),
            "place": self.place,
            "event": (
                {"series": self.event.series, "year": self.event.year, "slug": self.event.slug}
                if self.event
                else None
            ),
            "term_months": self.term_months,
            "parties": [
                {"name": p.name, "slug": p.slug, "role": str(p.role)} for p in self.parties
            ],
            "benefits": [{"category": str(b.category), "text": b.text} for b in self.benefits],
            "commitments": [{"text": c.text, "due": partial(c.due)} for c in self.commitments],
            "contacts": [
                {"name": c.name, "title": c.title, "organization": c.organization}
                for c in self.contacts
            ],
            "themes": self.themes,
            "evidence": self.evidence,
        }


# Kinds --------------------------------------------------------------------------------

_REFERENCE = (
    r"(?:within the framework of|under|pursuant to|as part of|builds? on|building on|"
    r"dans le cadre d[eu]|en vertu d[eu]|conformément à|s['’]inscrit dans|prolonge|"
    r"follows?|following|succède à|previous|précédent|earlier)"
    r"\s+(?:the|their|its|le|la|l['’]|du|de la|de l['’]|leur|son|sa)?\s*(?:[\w'’\-]+\s+){0,3}$"
)
REFERENCE = re.compile(_REFERENCE, re.IGNORECASE)
KIND_PHRASES = [
    (AgreementKind.RENEWAL, r"renew(?:s|ed|ing|al of)?\s+(?:the\s+|their\s+|its\s+|our\s+)?"
     r"(?:[\w\-]+\s+){0,3}(?:agreement|memorandum|mou|partnership|accord|collaboration)|"
     r"extend(?:s|ed|ing)?\s+(?:the\s+|their\s+|its\s+)?(?:[\w\-]+\s+){0,2}(?:agreement|"
     r"memorandum|mou)|extension of (?:the|their|its) (?:[\w\-]+\s+){0,2}(?:agreement|"
     r"memorandum|mou)|renouvel\w*\s+(?:(?:de|du|des|leur|son|sa|le|la)\s+|[dl]['’]\s*){0,3}"
     r"(?:[\w\-]+\s+){0,2}(?:entente|protocole|accord|partenariat|collaboration)"
     r"|prolong\w*\s+(?:[\w'’\-]+\s+|[dl]['’]){0,4}(?:entente|protocole|accord)"),
    (AgreementKind.LETTER_OF_INTENT, r"letters? of intent|\bLOI\b|lettres? d['’]intention"),
    (AgreementKind.FRAMEWORK, r"framework (?:agreement|accord|memorandum)|(?:accord|entente|"
     r"convention)[- ]cadre"),
    (AgreementKind.MOU, r"memorand(?:um|a) of understanding|\bMOUs?\b|\bMoUs?\b|protocoles? "
     r"d['’](?:entente|accord)|\bP\.E\."),
    (AgreementKind.COOPERATION, r"(?:cooperation|co-operation|collaboration|partnership) "
     r"agreement|formali[sz]\w*\s+(?:its|their|our|a|leur|sa|une)\s+(?:cooperation|"
     r"collaboration|partnership|coopération|partenariat)|(?:entente|accord)s? de "
     r"(?:coopération|collaboration|partenariat)|\bagreements?\b|\bententes?\b|\baccords?\b|"
     r"\b(?:strategic |formal )?partnership\b|\bpartenariat (?:stratégique|officiel)\b|"
     r"\b(?:strategic|formal) (?:alliance|collaboration)\b|alliance stratégique|"
     r"entered into an? (?:[\w\-]+ )?(?:alliance|collaboration)"),
]  # fmt: skip
KIND_PATTERNS = [(kind, re.compile(p, re.IGNORECASE)) for kind, p in KIND_PHRASES]
SIGNING_WORDS = re.compile(
    r"\b(?:sign\w*|formali[sz]\w*|conclu\w*|announc\w*|annonc\w*|inked|enter\w* into|renew\w*|"
    r"renouvel\w*|extend\w*|prolong\w*|join\w* forces|unissent|officiali[sz]\w*)\b",
    re.IGNORECASE,
)


SIGNED_VERB = re.compile(
    r"\b(?:signed|signs|signé(?:e|s|es)?|signent|signe|formali[sz]ed|formalisent|"
    r"officiali[sz]ed|officialisent|concluded|ont conclu)\b",
    re.IGNORECASE,
)


@dataclass
class KindMention:
    kind: str | None
    sentence: document.Sentence
    new: bool


def kind_mentions(doc: document.Document) -> list[KindMention]:
    """The sentences naming an agreement, the body's first and the headline's last."""
    found = []
    headline = document.Sentence(doc.headline, document.facts_of(doc.headline), -1)
    for sentence in [*doc.sentences, headline] if doc.headline else doc.sentences:
        for kind, pattern in KIND_PATTERNS:
            match = pattern.search(sentence.facts)
            if match is None:
                continue
            before = sentence.facts[: match.start()]
            new = not REFERENCE.search(before) and (
                kind == AgreementKind.RENEWAL or SIGNING_WORDS.search(sentence.facts)
            )
            found.append(KindMention(kind, sentence, bool(new)))
            break
    if not found:
        # "A and B signed a pact on …": a signing the lede tells of, though in words the
        # kinds do not cover (a release naming an older agreement is not about this one);
        # the kind is left for staff to say.
        for sentence in doc.lede:
            if SIGNED_VERB.search(sentence.facts):
                found.append(KindMention(None, sentence, True))
                break
    return found


def choose_kind(mentions: list[KindMention]) -> KindMention | None:
    """The most specific kind the release names for its news, else for what it refers to."""
    for pool in ([m for m in mentions if m.new], mentions):
        for kind, _pattern in KIND_PATTERNS:
            for mention in pool:
                if mention.kind == kind:
                    return mention
    return None


# Dates and places ---------------------------------------------------------------------

SIGNED_ON = re.compile(
    r"\b(?:signed|concluded|inked|signé(?:e|s|es)?|conclu(?:e|s|es)?|paraphé(?:e|s|es)?)\b",
    re.IGNORECASE,
)
# The prepositions a date may follow, within this many characters of the verb: "signed
# in Vancouver, British Columbia, in March 2025" tries both.
DATE_PREPOSITION = re.compile(r"\b(?:on|in|le|en|du)\s+", re.IGNORECASE)
SIGNED_ON_REACH = 70
TODAY = re.compile(r"\s+(?:today|aujourd['’]hui|ce jour)\b", re.IGNORECASE)
_CAPITALIZED_WORD = r"[A-ZÀ-Ý][\w'’\-]*"
# "at the Hôtel de Ville, in Lyon", "at the Harbourfront Innovation Centre in Toronto".
VENUE = re.compile(
    rf"\b(?:at|à|au)\s+(?:the\s+|l['’]|la\s+)?(?P<venue>(?:{_CAPITALIZED_WORD}\s+){{0,4}}"
    r"(?:Hôtel|Hotel|Palais|Palace|Château|Maison|Salle|Musée|Museum|Pavillon|Pavilion|Embassy|"
    r"Ambassade|Consulat|Consulate|Résidence|Residence|House|Hall|Centre|Center|Building|"
    r"Campus|Auditorium)"
    rf"(?:\s+(?:(?:de|du|des|of|the|la|le|les)\s+|d['’]|l['’])*(?:{_CAPITALIZED_WORD}|"
    r"[a-zà-ÿ][\w'’\-]*)){0,6}?)"
    r"\s*,?\s+(?:in|à)\s+(?P<city>[A-ZÀ-Ý][\w'’\-]+(?:[\s\-][A-ZÀ-Ý][\w'’\-]+)?)"
)
EARLIER = re.compile(
    r"\b(?:first|première|premier|original|originale?|originally|initial|initiale|initially|"
    r"initialement|previous|précédente?|similar|similaire|semblable|"
    r"earlier|former|ancienne?)\b",
    re.IGNORECASE,
)
SIGNED_IN = re.compile(
    r"\b(?:signed|concluded|signé(?:e|s|es)?|conclu(?:e|s|es)?)\b[^.;]{0,40}?\b(?:in|à)\s+"
    r"(?P<city>[A-ZÀ-Ý][\w'’\-]+(?:[\s\-][A-ZÀ-Ý][\w'’\-]+)?)"
)


def signing_date(doc, mentions, language):
    """The signing date with its sentence: a "signed on" phrase, else the release's own
    date when it announces a new agreement (a release about an older one gives none)."""
    released = doc.dateline.date if doc.dateline else None
    for sentence in doc.sentences:
        facts = sentence.facts
        for verb in SIGNED_ON.finditer(facts):
            reach = re.match(rf"[^.;]{{0,{SIGNED_ON_REACH}}}", facts[verb.end() :]).end()
            window = facts[verb.end() : verb.end() + reach]
            if TODAY.match(window) and released is not None:
                return released, sentence.text  # "ont conclu aujourd'hui à Moncton"
            for preposition in DATE_PREPOSITION.finditer(window):
                at = verb.end() + preposition.end()
                if EARLIER.search(facts[max(0, verb.start() - 40) : at + 40]):
                    break  # "first signed in 2018": the agreement this one renews
                value = dates.date_at(facts, at, language, released)
                if value:
                    return value, sentence.text
                year = re.match(r"((?:19|20)\d{2})\b", facts[at:])
                if year:
                    value = datetime.date(int(year.group(1)), 1, 1)
                    return PartialDate(value, DatePrecision.YEAR), sentence.text
    if doc.dateline and doc.dateline.date and any(m.new for m in mentions):
        return doc.dateline.date, doc.dateline.text
    # No dateline: "On 12 September 2022, … signed an agreement".
    for mention in mentions:
        found = dates.dates_in(mention.sentence.facts, language) if mention.new else []
        if found and not EARLIER.search(mention.sentence.facts):
            return found[0][0], mention.sentence.text
    return None, ""


def signing_place(doc, mentions):
    if not any(m.new for m in mentions):
        return None, ""
    where = doc.lede + [m.sentence for m in mentions if m.new]
    for sentence in where:
        venue = VENUE.search(sentence.facts)
        if venue:
            return f"{venue['venue']}, {venue['city']}", sentence.text
    # "The letter was signed on April 29 in Rennes": anywhere in the body, unless the
    # sentence tells of an earlier agreement.
    for sentence in where + [s for s in doc.sentences if s not in where]:
        for signed_in in SIGNED_IN.finditer(sentence.facts):
            if re.fullmatch(dates.MONTH, signed_in["city"], re.IGNORECASE):
                continue
            if EARLIER.search(sentence.facts[max(0, signed_in.start() - 40) : signed_in.end()]):
                continue
            return signed_in["city"], sentence.text
    if doc.dateline and doc.dateline.city:
        return doc.dateline.city, doc.dateline.text
    return None, ""


# Events -------------------------------------------------------------------------------

EVENT_CUE = re.compile(
    r"\b(?:while (?:participating|taking part) (?:in|at)|on the sidelines of|during|at|"
    r"as part of|within the framework of|in the context of|lors|en marge|dans le cadre|"
    r"à l['’]occasion|au cours|pendant)"
    r"(?:\s+(?:des|du|de la|de l['’]|de|d['’]))?\s*(?:the\s+|la\s+|le\s+|l['’]|les\s+)?",
    re.IGNORECASE,
)
EVENT_NAME = re.compile(
    r"(?:(?P<year_before>(?:19|20)\d{2})\s+(?:edition of (?:the\s+)?)?)?"
    # "lors du congrès BIO 2024": the kind of event in lower case, then its name.
    r"(?:(?:congrès|salon|forum|sommet|colloque|convention|conference|summit)\s+)?"
    r"(?P<name>[A-ZÀ-Ý][\w'’\-&]*(?:\s+(?:(?:of|the|and|de|du|des|la|le|et|d['’]|l['’]|"
    r"for|on|sur|en)\s+)*[A-ZÀ-Ý][\w'’\-&]*)*)"
    r"(?:\s+(?P<year_after>(?:19|20)\d{2}))?"
)
# French names events in sentence case: "Rencontres franco-québécoises de la santé".
FRENCH_EVENT_NAME = re.compile(
    r"(?:Rencontres|Journées|Sommet|Salon|Congrès|Colloque|Forum|Semaine|Entretiens|Assises|"
    r"Carrefour|Mission)(?:\s+(?!(?:à|au|aux|avec|qui|où|pour|le|les|dont|en\s+(?:\d|"
    r"présence|marge|ligne|cours|collaboration|partenariat))\b)"
    r"(?:[\w'’\-]+)){0,6}"
)
MIN_SERIES_SCORE = 85
VENUE_WORD = re.compile(
    r"\b(?:Centre|Center|Hall|Hôtel|Hotel|Palais|Building|Campus|Auditorium|Pavilion|Pavillon|"
    r"Museum|Musée|Château|Arena|Stadium)$"
)


class EventCatalogue:
    def __init__(self):
        self.series = list(Series.objects.only("id", "slug", "name", "name_en", "name_fr"))

    def match(self, phrase: str) -> Series | None:
        # "the Convention" alone names no series: some word must say which.
        if not re.sub(party_finding.EVENT_WORDS, "", phrase).strip(" -'’"):
            return None
        best, best_score = None, 0.0
        for series in self.series:
            for name in filter(None, (series.name_en, series.name_fr)):
                score = fuzz.token_set_ratio(normalize(phrase), normalize(name))
                if score > best_score:
                    best, best_score = series, score
        return best if best_score >= MIN_SERIES_SCORE else None


def signing_event(doc, mentions, signed, catalogue):
    new = [m.sentence for m in mentions if m.new]
    if not new:
        return None, ""
    for sentence in doc.lede + new:
        for cue in EVENT_CUE.finditer(sentence.facts):
            named = EVENT_NAME.match(sentence.facts, cue.end())
            if named is None or len(named["name"]) < 3:
                continue
            phrase = named["name"]
            sentence_case = FRENCH_EVENT_NAME.match(sentence.facts, named.start("name"))
            if sentence_case and len(sentence_case.group()) > len(phrase):
                phrase = sentence_case.group().strip()
            if not set(normalize(phrase).split()) - party_finding.place_words():
                continue  # "at Québec" is a place, not an event
            if VENUE_WORD.search(phrase):
                continue  # "at the RBC Convention Centre": where, not during what
            series = catalogue.match(phrase)
            if series is None and not party_finding.EVENT_WORDS.search(phrase):
                continue
            year_text = named["year_before"] or named["year_after"]
            year = int(year_text) if year_text else (signed.value.year if signed else None)
            slug = None
            if series is not None:
                edition = Event.objects.filter(series=series)
                if year is not None:
                    edition = edition.filter(edition=str(year)) | edition.filter(
                        start_date__year=year
                    )
                    slug = edition.order_by("start_date").values_list("slug", flat=True).first()
                with translation.override(doc.language):
                    name = series.name
            else:
                name = phrase
            return FoundEvent(series=name, year=year, slug=slug), sentence.text
    return None, ""


# Terms --------------------------------------------------------------------------------
TERM_PATTERNS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"\b{NUMBER}[- ](?P<unit>year|month)s?(?:[- ]long)?\s+(?:[\w\-]+\s+){{0,3}}"
        r"(?:agreement|term|memorandum|mou|partnership|pact|deal|collaboration|commitment|letter|"
        r"arrangement|protocol|"
        r"renewal|extension|framework)",
        rf"\b(?:for|over) (?:a|an initial) (?:term|period|duration) of {NUMBER} {UNIT}",
        rf"\b(?:term|duration) of {NUMBER} {UNIT}",
        rf"\b(?:valid|in force|in effect|runs|run|will last|last) (?:for )?{NUMBER} {UNIT}",
        rf"\b(?:pour|sur) une (?:durée|période) (?:initiale )?de {NUMBER} {UNIT}",
        rf"\bd['’]une durée (?:initiale )?de {NUMBER} {UNIT}",
        rf"\b(?:valable|valide|en vigueur) (?:pour |pendant )?{NUMBER} {UNIT}",
        rf"\b(?:entente|protocole|accord|partenariat)s?(?:-cadre)? (?:[\w'’\-]+\s+){{0,4}}"
        r"(?:de|sur) "
        rf"{NUMBER} {UNIT}",
        rf"\b(?:agreement|memorandum|mou|partnership) (?:[\w\-]+\s+){{0,4}}for "
        rf"(?:another |an additional |a further )?{NUMBER} {UNIT}",
        rf"\bterm of the (?:agreement|memorandum|mou|partnership) (?:is|will be) {NUMBER} {UNIT}",
        rf"\bdurée (?:de l['’](?:entente|accord)|du (?:protocole|partenariat)) (?:est|sera) de "
        rf"{NUMBER} {UNIT}",
        rf"\b(?:prolong\w*|renouvel\w*|extend\w*|renew\w*) (?:[\w'’\-]+\s+){{0,4}}?"
        r"(?:de|by|for|pour) "
        rf"(?:another |an additional |a further |une (?:nouvelle )?période de )?{NUMBER} {UNIT}",
    )
]
# "over the next five years", "au cours des trois prochaines années": the agreement's
# term when the sentence speaks of the agreement.
NEXT_YEARS = re.compile(
    rf"\b(?:(?:over|for|during) the (?:next|coming)|(?:au cours|pendant|pour|lors) (?:des|les))"
    rf" {NUMBER} (?:prochaine?s )?{UNIT}(?: (?:à venir|qui viennent))?",
    re.IGNORECASE,
)
AGREEMENT_WORD = re.compile(
    r"\b(?:agreement|memorandum|mou|partnership|collaboration|alliance|entente|accord|"
    r"protocole|partenariat)\b",
    re.IGNORECASE,
)


def term(doc):
    headline = document.Sentence(doc.headline, document.facts_of(doc.headline), -1)
    for sentence in [*doc.sentences, headline]:
        # "three (3) years": the figure in parentheses repeats the word.
        facts = re.sub(r"\s*\(\d{1,3}\)", "", sentence.facts)
        patterns = TERM_PATTERNS
        if AGREEMENT_WORD.search(facts):
            patterns = [*TERM_PATTERNS, NEXT_YEARS]
        for pattern in patterns:
            match = pattern.search(facts)
            if match is None:
                continue
            number = match["number"].lower()
            count = int(number) if number.isdigit() else dates.NUMBERS[number]
            months = count if match["unit"].lower().startswith(("month", "mois")) else count * 12
            return months, sentence.text
    return None, ""


# Parties ------------------------------------------------------------------------------


# No agreement has more parties than this; a text naming more is a list, not a release.
MAX_PARTIES = 30


def find_parties(doc, mentions, directory):
    signing = [m.sentence for m in mentions]
    signed_by, where = [], ""
    for sentence in [m.sentence for m in mentions if m.new] + signing:
        found = party_finding.signatories_in(sentence.facts, directory)
        if len({m.name for m in found}) >= 2:
            signed_by, where = found, sentence
            break
    if not signed_by:
        # "… signed by the two organizations": the ones the lede opens with (or, last, the
        # headline: "A and B sign MOU").
        for sentence in doc.lede[:1] + signing:
            found = party_finding.mentions_in(
                party_finding.subject_of(party_finding.without_parentheses(sentence.facts)),
                directory,
            )
            if found:
                signed_by, where = found, sentence
                break
    result, seen = [], set()

    def add(mention, role, sentence):
        key = mention.known.id if mention.known else normalize(mention.name)
        if key in seen or len(result) >= MAX_PARTIES:
            return
        seen.add(key)
        proposed = None if mention.known else party_finding.described(mention, sentence.facts)
        result.append(
            party_finding.FoundParty(
                name=mention.name,
                slug=mention.known.slug if mention.known else None,
                role=role,
                evidence=sentence.text,
                proposed=proposed,
            )
        )

    for mention in signed_by:
        add(mention, PartyRole.SIGNATORY, where)
    if where:
        for mention in party_finding.participants_in(where.facts, directory):
            add(mention, PartyRole.PARTICIPANT, where)
    previous = ""
    for sentence in doc.sentences:
        for role, mention in party_finding.supporters_in(sentence.facts, previous, directory):
            add(mention, role, sentence)
        previous = sentence.facts
    return without_stray_names(result, doc, directory)


# Words that say where, not who: "Atlantic Canada", "Washington State".
GEOGRAPHIC_WORDS = frozenset(
    {"atlantic", "pacific", "northern", "southern", "eastern", "western", "north", "south",
     "east", "west", "state", "province", "region", "nord", "sud", "est", "ouest", "city",
     "ville", "greater", "grand"}
)  # fmt: skip


def without_stray_names(found, doc, directory):
    """The parties but the names that are not another organization: a place ("Atlantic
    Canada"), part of another party's name ("Gaspé" in "Institut de recherche clinique
    de Gaspé"); a bare "l'Université" is the organization the text names in full with
    that word, else left out."""
    kept = []
    everyone = None
    names = [normalize(party.name) for party in found]
    for party, name in zip(found, names, strict=True):
        if party.slug is None:
            words = name.split()
            if words and set(words) <= party_finding.place_words() | GEOGRAPHIC_WORDS:
                continue
            if any(other != name and other.endswith(f" {name}") for other in names):
                continue
            if len(words) == 1 and party_finding.ORGANIZATION_WORDS.fullmatch(party.name):
                if everyone is None:
                    everyone = directory.find(" ".join(s.facts for s in doc.sentences))
                named = next(
                    (
                        m.known
                        for m in everyone
                        if m.known and normalize(m.known.name).split()[:1] == words
                    ),
                    None,
                )
                if named is None or any(p.slug == named.slug for p in found):
                    continue
                party = party_finding.FoundParty(
                    name=named.name, slug=named.slug, role=party.role, evidence=party.evidence
                )
        kept.append(party)
    return kept


def compose_title(found_parties, kind, language):
    names = [p.name for p in found_parties if p.role == PartyRole.SIGNATORY]
    if not names or not kind:
        return ""
    with translation.override(language):
        label = str(AgreementKind(kind).label)
        # Translators: the title proposed for an agreement read from a press release:
        # its signatories, then its kind ("BIOQuébec – MassBio cooperation agreement").
        title = _("%(parties)s %(kind)s") % {"parties": " – ".join(names), "kind": label}
    return title[:1].upper() + title[1:]


# The whole ----------------------------------------------------------------------------

# Characters read: twice a long press release.
READ_LIMIT = 40_000


def extract(
    text: str, language: str | None = None, directory=None, viewer=ANONYMOUS
) -> ReleaseDraft:
    """Read a press release (plain text) into a draft; raises ReleaseError on bad input.
    Parties are matched among the organizations ``viewer`` may see."""
    text = checked_text(text)
    detected = detect_language(text)
    language = language or detected
    # What a release says of its agreement is in its first pages; the rest (a long
    # appendix) is kept as the source, not read.
    read = text[:READ_LIMIT]
    doc = document.read(read, language)
    draft = ReleaseDraft(text=text, language=language)
    evidence = draft.evidence
    directory = directory or party_finding.Directory.for_release(read, language, viewer)

    mentions = kind_mentions(doc)
    chosen = choose_kind(mentions)
    if chosen:
        draft.kind = str(chosen.kind)
        evidence["kind"] = chosen.sentence.text

    draft.released = doc.dateline.date if doc.dateline else None
    draft.signed, evidence["signed"] = signing_date(doc, mentions, language)
    draft.place, evidence["place"] = signing_place(doc, mentions)
    draft.event, evidence["event"] = signing_event(doc, mentions, draft.signed, EventCatalogue())
    draft.term_months, evidence["term_months"] = term(doc)

    draft.parties = find_parties(doc, mentions, directory)
    for index, party in enumerate(draft.parties):
        evidence[f"parties[{index}]"] = party.evidence
    draft.title = compose_title(draft.parties, draft.kind, language)
    if draft.title:
        evidence["title"] = doc.headline or evidence.get("kind", "")

    draft.benefits, _heading = details.benefits(doc)
    for index, benefit in enumerate(draft.benefits):
        # The list item itself, as the text gives it (the review marks it there).
        evidence[f"benefits[{index}]"] = benefit.text
    base = draft.signed or (doc.dateline.date if doc.dateline else None)
    draft.commitments = details.commitments(doc, language, base)
    for index, commitment in enumerate(draft.commitments):
        evidence[f"commitments[{index}]"] = commitment.text
    draft.themes = details.themes(doc)
    draft.contacts = details.contacts(doc)
    draft.evidence = {key: value for key, value in evidence.items() if value}
    return draft
