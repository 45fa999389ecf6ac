"""Organizations named in a release, matched to the directory, and their roles.

A name is matched by its words (accents, case and punctuation aside) to a recorded
name or acronym in either language; a capitalized name the directory lacks is
compared with the recorded names sharing one of its words (``likely_same``: a typo,
the acronym, the other language's word order). What the directory does not know is
proposed as a new organization only when it reads as one (a word such as
"Association" or "Université", an acronym in parentheses, an inner capital as in
"BioAlberta"), with what the text says of it: "the provincial industry association
based in Calgary".

Roles come from where a name stands: "between A and B", "A and B signed", "A
formalized its cooperation with B" make signatories; "with the support of C",
"avec l'appui de C" supporters; "facilitated by D", "thanks to the collaboration
of D" facilitators; "including E" participating institutions.
"""

import functools
import re
from collections import defaultdict
from dataclasses import dataclass

from accounts.access import ANONYMOUS
from agreements.choices import PartyRole
from organizations.choices import OrganizationKind
from organizations.duplicates import (
    Names,
    distinctive_words,
    likely_same,
    possible_duplicates,
    stem,
)
from organizations.models import Organization
from portal.publishing import Publication, offerable
from portal.query_text import normalize


@dataclass
class Known:
    id: int
    slug: str
    names: Names
    name: str


@dataclass
class Mention:
    name: str  # as the release writes it (a known organization: as recorded)
    known: Known | None
    start: int
    end: int


@dataclass
class Proposed:
    """An organization the directory lacks, with what the text says of it."""

    kind: str = ""
    city: str = ""
    region: str = ""
    country: str = ""


@dataclass
class FoundParty:
    name: str
    slug: str | None
    role: str
    evidence: str
    proposed: Proposed | None = None


MAX_NAME_WORDS = 8
MIN_SHORT_NAME = 5
ARTICLES = frozenset({"the", "l", "la", "le", "les"})


# Finds the organizations a text may name in the search index (search.releases
# registers it: search sits above this app); without it, every organization is read.
_text_finder = None
# At most this many drafts the reader's viewer may see are compared (the index holds
# published organizations only).
MAX_DRAFTS = 300
# Spellings looked up in the whole directory per release; a release names a few
# organizations, a list of thousands is not a release.
MAX_LOOKUPS = 40
FIELDS = ("id", "slug", "name", "name_en", "name_fr", "acronym_en", "acronym_fr")


def register_text_finder(finder):
    global _text_finder
    _text_finder = finder


class Directory:
    """The organizations a release may name, looked up by the words of their names.

    ``Directory.for_release`` reads only the candidates the search index gives for
    the text (names and acronyms it contains, words only one organization's name
    holds), with the drafts the viewer may see; a spelling that matches none of them
    is compared with the whole directory through ``organizations.duplicates``.
    ``Directory(language, organizations)`` holds exactly the organizations given.
    """

    def __init__(self, language="en", organizations=None, short_names=None, matcher=None):
        if organizations is None:
            organizations = Organization.objects.only(*FIELDS)
        # When given: the words known to be one organization's alone (others may be
        # in organizations not loaded), and how to look up a spelling beyond these.
        self.matcher = matcher
        self.language = language
        self.matched: dict[str, Known | None] = {}
        self.by_words: dict[str, Known] = {}
        self.by_acronym: dict[str, Known] = {}
        self.by_distinctive: dict[str, list[Known]] = defaultdict(list)
        for organization in organizations:
            # Named as the release's language names it, when the directory has that name.
            known = self._known(organization, language)
            names = known.names
            for name in names.names:
                words = normalize(name)
                if words and words not in self.by_words:
                    self.by_words[words] = known
                # "the Québec Delegation in Boston" is written without its article too.
                stripped = re.sub(r"^(?:the|la|le|les|l) ", "", words)
                self.by_words.setdefault(stripped, known)
                for word in distinctive_words(name):
                    self.by_distinctive[word].append(known)
            for acronym in names.acronyms:
                self.by_acronym.setdefault(acronym, known)
        # "the Oncopole", "l'Oncopole": a name's one distinctive word that is not a place,
        # when no other organization's name has it.
        self.by_short_name: dict[str, Known] = {}
        for word, holders in self.by_distinctive.items():
            ids = {known.id for known in holders}
            if len(ids) != 1 or len(word) < MIN_SHORT_NAME or word in place_words():
                continue
            if short_names is not None and word not in short_names:
                continue
            known = holders[0]
            others = [w for n in known.names.names for w in distinctive_words(n)]
            if {w for w in others if w not in place_words()} == {word}:
                self.by_short_name[word] = known

    def find(self, text: str) -> list[Mention]:
        """Every recorded organization ``text`` names, longest names first, as spans."""
        tokens = [(m.start(), m.end(), m.group()) for m in re.finditer(r"[^\W_]+", text)]
        words = [normalize(t) for _, _, t in tokens]
        mentions, index = [], 0
        while index < len(tokens):
            found = None
            for length in range(min(MAX_NAME_WORDS, len(tokens) - index), 0, -1):
                phrase = " ".join(words[index : index + length])
                known = self.by_words.get(phrase)
                first = tokens[index][2]
                if known and (length > 1 or first[:1].isupper() or not first.isalpha()):
                    found = (known, length)
                    break
            if found is None and tokens[index][2] in self.by_acronym:
                found = (self.by_acronym[tokens[index][2]], 1)
            article = index > 0 and words[index - 1] in ARTICLES
            if found is None and article and tokens[index][2][:1].isupper():
                short = self.by_short_name.get(words[index])
                found = (short, 1) if short else None
            if found is None:
                index += 1
                continue
            known, length = found
            start, end = tokens[index][0], tokens[index + length - 1][1]
            mentions.append(Mention(known.name, known, start, end))
            index += length
        return mentions

    @classmethod
    def for_release(cls, text: str, language: str, viewer=ANONYMOUS) -> "Directory":
        """The organizations ``text`` may name that ``viewer`` may see (published ones,
        and the drafts they may preview)."""
        organizations = offerable(Organization.all_objects.only(*FIELDS), viewer)
        if _text_finder is None:
            return cls(language, organizations)
        ids, unique = _text_finder(text)
        drafts = offerable(Organization.all_objects.filter(publication=Publication.DRAFT), viewer)
        ids |= set(drafts.order_by("-id").values_list("id", flat=True)[:MAX_DRAFTS])

        def matcher(name):
            found = possible_duplicates(Names.typed([name]), viewer)
            return found[0] if found else None

        return cls(
            language,
            organizations.filter(id__in=ids),
            short_names={stem(word) for word in unique},
            matcher=matcher,
        )

    def _known(self, organization, language) -> Known:
        names = Names.of(organization)
        name = (organization.name_fr if language == "fr" else "") or organization.name_en
        return Known(organization.id, organization.slug, names, name or organization.name)

    def match(self, name: str) -> Known | None:
        """The recorded organization an unrecorded spelling names, if one does."""
        names = Names.typed([name])
        candidates = {}
        for word in distinctive_words(name):
            for known in self.by_distinctive.get(word, ()):
                candidates[known.id] = known
        for known in candidates.values():
            if likely_same(names, known.names):
                return known
        if self.matcher is not None:
            if name not in self.matched and len(self.matched) >= MAX_LOOKUPS:
                return None  # a text of names upon names: the rest is left to staff
            if name not in self.matched:
                organization = self.matcher(name)
                self.matched[name] = (
                    self._known(organization, self.language) if organization else None
                )
            return self.matched[name]
        return None


# Words that make a capitalized phrase an organization's name.
ORGANIZATION_WORDS = re.compile(
    r"\b(?:association|society|société|institute|institut|university|université|cluster|"
    r"grappe|pôle|pole|alliance|network|réseau|council|conseil|foundation|fondation|centre|"
    r"center|agency|agence|chamber|chambre|consortium|hospital|hôpital|group|groupe|"
    r"federation|fédération|delegation|délégation|ministry|ministère|department|fund|fonds|"
    r"corporation|inc|ltd|ltée|bio\w*|\w*bio|biotech\w*|sciences?|santé|health|innovation|"
    r"technolog\w+|medtech|pharma\w*|génome|genome|collège|college|école|school|partners|"
    r"partenaires|government|gouvernement|lab|labs|laboratory|laboratoire|hub|accelerator|accélérateur|incubator|incubateur|office|bureau)\b",
    re.IGNORECASE,
)
# Capitalized runs, allowed their joining words: "Société québécoise de génomique".
CAPITALIZED = re.compile(
    r"(?:[A-ZÀ-Ý][\w'’\-&.]*|[a-z]+[A-Z][\w\-]*)"
    r"(?:\s+(?:(?:of|for|de|du|des|la|le|à|en|the|in|on|sur|pour)\s+|d['’]|l['’])*"
    r"(?:[A-ZÀ-Ý][\w'’\-&.]*|[a-zà-ÿ]+(?=\s+(?:(?:de|du|des)\s+|d['’])[A-ZÀ-Ý])|québécoise|"
    r"canadienne|française|européenne|américaine|nationale?|régionale?|internationale?))*"
    r"(?:\s*\((?P<acronym>[A-ZÀ-Ý][\w.&\-]{1,11})\))?"
)
EVENT_WORDS = re.compile(
    r"\b(?:convention|congress|conference|forum|summit|meeting|meetings|symposium|congrès|"
    r"sommet|colloque|salon|rencontres?|entretiens|mission|week|semaine|expo|workshop|atelier|"
    r"days|journées|festival|fair)\b",
    re.IGNORECASE,
)
# Words written with a capital that start a sentence or a clause, not a name.
NOT_NAMES = frozenset(
    {
        "the", "a", "an", "this", "these", "that", "today", "while", "during", "at", "in",
        "on", "as", "with", "and", "under", "following", "after", "le", "la", "les", "l",
        "ce", "cette", "ces", "aujourd", "lors", "dans", "avec", "et", "en", "au", "aux",
        "both", "les deux", "together", "ensemble", "their", "its", "our", "nos", "leurs",
    }
)  # fmt: skip


# "Chief Executive Officer of Acme Biotech": the person's title is not the name.
TITLE_PREFIX = re.compile(
    r"^(?:the\s+)?(?:president|chair(?:man|woman|person)?|chief(?:\s+[\w\-]+){1,2}\s+officer|"
    r"ceo|executive director|director(?: general)?|general manager|vice[- ]president|head|"
    r"founder|présidente?|directeur|directrice|pdg|vice-présidente?)(?:\s+and\s+[\w\s]+?)?"
    r"\s+(?:of|de|du|des|d['’]|at)\s*(?:the\s+|la\s+|l['’])?",
    re.IGNORECASE,
)
# French names run in lower case after their first word: "Réseau québécois de recherche
# en santé", "Association des biotechs d'Aquitaine".
FRENCH_NAME = re.compile(
    r"(?:Association|Société|Institut|Réseau|Centre|Fondation|Fonds|Conseil|Pôle|Grappe|"
    r"Chambre|Agence|Alliance|Regroupement|Fédération|Consortium|Université|École|Ministère|"
    r"Délégation|Collège|Corporation|Cité)"
    r"(?:\s+(?:(?:de|du|des|en|sur|pour)\s+(?:la\s+|l['’]|les\s+)?|d['’]|l['’])?"
    r"(?!(?:et|ont|a|sont|est|sera|était|qui|que|pour|avec|dans|afin|visant|lors|le|la|les|un|"
    r"une|ce|cette|ces|signent|signe|annoncent|annonce|conclut|concluent|lance|lancent|"
    r"accueille|devient|renouvelle|renouvellent|rejoint|collabore|aujourd|s['’]|se|ainsi|ou|"
    r"and|the|of|in|to|for|with|is|are|has|have|signed|announced)\b)"
    r"[\w'’\-]+){0,8}"
    r"(?:\s*\((?P<acronym>[A-ZÀ-Ý][\w.&\-]{1,11})\))?"
)


def _trim(phrase: str) -> str:
    phrase = TITLE_PREFIX.sub("", phrase)
    words = phrase.split()
    while words and normalize(words[0]) in NOT_NAMES:
        words.pop(0)
    while words and normalize(words[-1]) in {"of", "de", "du", "des", "and", "et", "the", "la"}:
        words.pop()
    return " ".join(words)


# A person named where a party could stand: "with the support of Minister Jane Doe".
PERSON_TITLE = re.compile(
    r"^(?:minister|ministre|mr|mrs|ms|dr|m|mme|prof|professor|professeure?|hon|honourable|"
    r"premier|première|mayor|maire|mairesse)\b\.?",
    re.IGNORECASE,
)


def reads_as_organization(phrase: str, acronym: str | None, in_slot: bool = False) -> bool:
    """Whether a capitalized phrase names an organization. ``in_slot``: it stands where
    the sentence names parties ("between A and B", "with the support of C"), where any
    name of two words or more that is no place and no person's title is taken."""
    if EVENT_WORDS.search(phrase):
        return False
    if acronym or ORGANIZATION_WORDS.search(phrase):
        return len(phrase) > 2
    words = normalize(phrase).split()
    if in_slot and len(words) >= 2 and not PERSON_TITLE.match(phrase):
        return bool(set(words) - place_words())
    # One word with an inner capital: "MassBio", "BioAlberta", "InVivo".
    return bool(re.fullmatch(r"[A-ZÀ-Ý]?[a-zà-ÿ]+[A-Z][\w\-]*", phrase))


def mentions_in(segment: str, directory: Directory, in_slot: bool = False) -> list[Mention]:
    """The organizations a stretch of text names: recorded ones first, then the names
    that read as organizations, matched by spelling where the directory has them."""
    mentions = directory.find(segment)
    taken = [(m.start, m.end) for m in mentions]
    for match in CAPITALIZED.finditer(segment):
        if any(start < match.end() and match.start() < end for start, end in taken):
            continue
        start, end, acronym = match.start(), match.end(), match["acronym"]
        french = FRENCH_NAME.search(segment, start)
        if french and french.start() < end < french.end():
            end, acronym = french.end(), french["acronym"] or acronym
        text = segment[start:end]
        phrase = _trim(text if not acronym else text.split("(")[0].strip())
        if not phrase or not reads_as_organization(phrase, acronym, in_slot):
            continue
        spelled = phrase if not acronym else f"{phrase} ({acronym})"
        known = directory.match(spelled)
        name = known.name if known else phrase
        mentions.append(Mention(name, known, start, end))
    return sorted(mentions, key=lambda m: m.start)


# Where a segment naming parties stops: a clause, an apposition, a verb.
SEGMENT_END = re.compile(
    r"(?:(?<!Inc)(?<!Ltd)(?<!Corp)(?<!Ltée)(?<!\bCo)[.;:!?]|,\s+(?=(?:with|avec|grâce|thanks|the|a|an|which|who|whose|bringing|including|"
    r"based|located|le|la|"
    r"les|l['’]|un|une|qui|dont|afin|visant|basée?s?|située?s?|notamment|deux|two|three|"
    r"trois|both|each|to|pour|in|à|en)\b)|\s+(?=(?:with|grâce|thanks|to|in order|that|which|"
    r"who|for|on|at|"
    r"during|while|afin|pour|visant|qui|lors|today|aujourd['’]hui|have|has|will|are|is|"
    r"signed|sign|announced?|ont|a|sont|signent|annoncent|concluent|renouvellent|"
    r"formalized|formalised|formalise|formalisent|renewed|renew|extend|extended|"
    r"entered|conclu|mark|marks)\b))",
    re.IGNORECASE,
)
BETWEEN = re.compile(
    r"\b(?:between|entre|(?:signed|concluded|signée?s?|conclue?s?)[^.;]{0,80}?\s(?:by|par))\s+",
    re.IGNORECASE,
)
# "with B" names a signatory; "with the (financial) support of C" does not.
WITH = re.compile(
    r"\b(?:with|avec)\s+(?!(?:the\s+)?(?:financial\s+)?(?:support|help|collaboration|"
    r"assistance|funding)\b|(?:l['’]appui|le soutien|l['’]aide|la collaboration|le financement)\b)",
    re.IGNORECASE,
)
INCLUDING = re.compile(
    r"\b(?:including|such as|among them|notamment|dont|parmi lesquels|tels? que)\s+",
    re.IGNORECASE,
)
SUBJECT_VERB = re.compile(
    r"\s(?:have|has|will|today|officially|are|were|is|signed|sign|announced?|formali[sz]ed|"
    r"formali[sz]e|concluded|renewed|extended|entered|inked|join|joined|ont|sont|signent|"
    r"a (?:signé|conclu|renouvelé|officialisé|formalisé|annoncé|paraphé)|"
    r"annoncent|annonce|concluent|conclut|renouvellent|renouvelle|prolongent|formalisent|"
    r"formalise|signe|s['’]associent|s['’]associe|lancent|lance|"
    r"aujourd['’]hui|s['’]unissent|unissent|se sont)\b",
    re.IGNORECASE,
)
OPENING_CLAUSE = re.compile(
    r"^(?:while|during|at|on|in|as|within|following|after|today|lors|dans|à|au|en|"
    r"aujourd['’]hui|à l['’]occasion|en marge)\b",
    re.IGNORECASE,
)
SUPPORT = [
    (PartyRole.FUNDER, r"(?:(?:(?:partly|partially|jointly|largely) )?funded (?:in part )?by|"
     r"financed (?:in part |partly )?by|financial support (?:of|from)|funding from|"
     r"financé(?:e|s|es)? en (?:partie|grande partie) par|"
     r"(?:appui|soutien|concours) financier d[eu']|"
     r"financé(?:e|s|es)? par|(?:avec|grâce à) (?:le|un) financement d[eu])"),
    (PartyRole.FACILITATOR, r"(?:facilitated by|thanks to the (?:collaboration|help|work) of|"
     r"with the (?:help|collaboration|assistance) of|in collaboration with|"
     r"(?:élaboré|préparé|conçu|développé)(?:e|s|es)? en collaboration avec|"
     r"grâce à la collaboration d[eu']|avec la collaboration d[eu']|facilité(?:e|s|es)? par|"
     r"avec l['’]aide d[eu']|grâce à l['’]aide d[eu']|grâce au travail d[eu']|"
     r"(?:work|efforts) (?:that was |were )?(?:done )?by)"),
    (PartyRole.PARTICIPANT, r"(?:with the participation of|avec la participation d[eu'])"),
    (PartyRole.SUPPORTER, r"(?:with the support of|sponsored by|under the patronage of|"
     r"parrainée? par|sous le patronage d[eu']|without the support of|supported by|"
     r"(?:the )?support (?:of|from)|avec l['’]appui d[eu']|avec le soutien d[eu']|"
     r"grâce au soutien d[eu']|grâce à l['’]appui d[eu']|sous l['’]égide d[eu']|"
     r"appuyé(?:e|s|es)? par|soutenu(?:e|s|es)? par|under the auspices of)"),
]  # fmt: skip
SUPPORT_PATTERNS = [(role, re.compile(rf"\b{p}\s*", re.IGNORECASE)) for role, p in SUPPORT]
# "They helped bring the agreement about": the organizations just named helped.
HELPED = re.compile(
    r"^(?P<subject>.+?)\s+(?:helped|facilitated|supported|made (?:it|this) possible|"
    r"ont (?:facilité|contribué|soutenu|appuyé|aidé)|a (?:facilité|contribué|soutenu|appuyé|"
    r"aidé))\b",
    re.IGNORECASE,
)
# "The Boreal Fund will fund part of the work": a funder, named at the sentence's head.
FUNDS = re.compile(
    r"^(?P<subject>[^,]+?)\s+(?:will (?:co-)?fund|(?:co-)?funds|is funding|has funded|"
    r"(?:co)?financera|(?:co)?finance|(?:co)?financent|a (?:co)?financé|ont (?:co)?financé)\b",
    re.IGNORECASE,
)
PRONOUN = re.compile(r"^(?:they|these organizations|both|ils|elles|ces organisations)$", re.I)


def segment_after(sentence: str, start: int) -> str:
    end = SEGMENT_END.search(sentence, start)
    return sentence[start : end.start() if end else len(sentence)]


def without_parentheses(text: str) -> str:
    """Parenthesized lists ("(Montréal InVivo, Québec International …)") are members
    of a party, not parties; an acronym in parentheses is kept."""
    return re.sub(r"\((?![A-ZÀ-Ý][\w.&\-]{1,11}\))[^()]*\)", lambda m: " " * len(m.group()), text)


APPOSITION = re.compile(
    r",\s+(?:the|a|an|l['’]|la|le|les|un|une|deux|two|three|trois|both|its|their|leur|"
    r"which|who|qui)\b.*?(?=\s+(?:and|et)\s+(?-i:[A-ZÀ-Ý])|,|$)",
    re.IGNORECASE,
)


def _plain_clause(clause: str) -> bool:
    """A few words and no name in them: "Cinq ans après la signature de leur accord"."""
    words = clause.split()
    return len(words) >= 3 and not any(w[:1].isupper() for w in words[1:])


# "Medicen Paris Region, le pôle de compétitivité …": an apposition that says the name
# before it is an organization's.
DESCRIBED_AS_ORGANIZATION = re.compile(
    r",\s+(?:the|an?|l['’]|la|le|un|une)\s*(?:[\w\-]+\s+){0,2}?(?:agency|agence|\w*pôle|\w*pole|"
    r"grappe|\w*cluster|association|network|réseau|alliance|organi[sz]ation|organisme|hub|"
    r"consortium|council|conseil|société|society|centre|center|institut\w*|fondation|"
    r"foundation|chambre|chamber|regroupement|federation|fédération|university|université)\b",
    re.IGNORECASE,
)
LAST_NAME_BEFORE = re.compile(
    r"(?:^|,\s*(?:and|et)?\s*|\s(?:and|et)\s+)(?P<name>[A-ZÀ-Ý][^,]*?)\s*$"
)


def described_organizations(subject: str, directory: "Directory") -> list[Mention]:
    """The names a signing sentence's subject says are organizations, by the apposition
    after each: taken although the directory has them not and they carry no word such
    as "association"."""
    found = []
    for described in DESCRIBED_AS_ORGANIZATION.finditer(subject):
        name = LAST_NAME_BEFORE.search(subject[: described.start()])
        if name is None:
            continue
        mentions = mentions_in(name["name"], directory, in_slot=True)
        word = name["name"].strip()
        if (
            not mentions
            and re.fullmatch(r"[A-ZÀ-Ý][\w\-]{2,}", word)
            and (normalize(word) not in place_words())
        ):
            # One word the apposition says is an organization: "Eurasanté, l'agence …".
            known = directory.match(word)
            mentions = [Mention(known.name if known else word, known, 0, len(word))]
        found += mentions
    return found


def opening_subject(sentence: str) -> str:
    """What stands before a signing sentence's verb, its opening clauses taken out."""
    verb = SUBJECT_VERB.search(sentence)
    if verb is None:
        return ""
    subject = sentence[: verb.start()]
    # "While participating in X, at the Y, A and B signed", "Five years after their first
    # agreement, A and B renew…": the opening clauses go.
    while "," in subject and (
        OPENING_CLAUSE.match(subject.strip()) or _plain_clause(subject.split(",", 1)[0])
    ):
        subject = subject.split(",", 1)[1]
    return subject


def subject_of(sentence: str) -> str:
    # "A, the alliance of …, and B, the voice of …": the appositions go, the names stay.
    return APPOSITION.sub(" ", opening_subject(sentence))


def signatories_in(sentence: str, directory: Directory) -> list[Mention]:
    """The parties a signing sentence names, in the order it names them."""
    text = without_parentheses(sentence)
    found = []
    between = BETWEEN.search(text)
    if between:
        found = mentions_in(segment_after(text, between.end()), directory, in_slot=True)
    if len(found) < 2:
        found = (
            found
            + mentions_in(subject_of(text), directory)
            + described_organizations(opening_subject(text), directory)
        )
        for with_match in WITH.finditer(text):
            found += mentions_in(segment_after(text, with_match.end()), directory, in_slot=True)
    return found


def participants_in(sentence: str, directory: Directory) -> list[Mention]:
    including = INCLUDING.search(sentence)
    if including is None:
        return []
    rest = sentence[including.end() :]
    stop = re.search(r"[.;:]\s|\.$", rest)
    return mentions_in(rest[: stop.start()] if stop else rest, directory, in_slot=True)


def supporters_in(sentence: str, previous: str, directory: Directory):
    """(role, mention) of each organization ``sentence`` says supported the agreement."""
    found = []
    for role, pattern in SUPPORT_PATTERNS:
        for match in pattern.finditer(sentence):
            segment = re.split(r"[.;:!?]|,\s+(?:which|who|qui|dont)\b|\s+(?:in|to|for|pour)\s+"
                               r"(?:organi[sz]|the establishment|create|créer|établir)",
                               sentence[match.end() :])[0]  # fmt: skip
            found += [(role, m) for m in mentions_in(segment, directory, in_slot=True)]
    helped = HELPED.match(sentence)
    if helped:
        subject = helped["subject"].strip()
        source = previous if PRONOUN.match(subject) else subject
        found += [(PartyRole.FACILITATOR, m) for m in mentions_in(source, directory)]
    funds = FUNDS.match(sentence)
    if funds:
        found += [(PartyRole.FUNDER, m) for m in mentions_in(funds["subject"], directory)]
    return found


# What an apposition says of a new organization.
KIND_CUES = [
    (OrganizationKind.CHAMBER_OF_COMMERCE, r"chamber of commerce|chambre de commerce"),
    (OrganizationKind.UNIVERSITY, r"universit"),
    (OrganizationKind.HOSPITAL, r"hospital|hôpital|health centre|centre hospitalier"),
    (OrganizationKind.RESEARCH_CENTRE, r"research (?:centre|center|institute)|centre de "
     r"recherche|institut de recherche|laborator"),
    (OrganizationKind.FOUNDATION, r"foundation|fondation"),
    (OrganizationKind.FUNDING_BODY, r"\bfund\b|fonds|funding (?:body|agency)|granting"),
    (OrganizationKind.ECONOMIC_DEVELOPMENT, r"economic development|développement économique|"
     r"investment promotion|promotion des investissements"),
    (OrganizationKind.GOVERNMENT, r"ministry|ministère|government|gouvernement|delegation|"
     r"délégation|department of"),
    (OrganizationKind.ALLIANCE, r"alliance|network|réseau"),
    (OrganizationKind.CLUSTER, r"cluster|grappe|pôle|hub\b|technopole"),
    (OrganizationKind.ASSOCIATION, r"association|trade group|industry group|regroupement|"
     r"federation|fédération"),
    (OrganizationKind.COMPANY, r"company|entreprise|société pharmaceutique|startup|start-up|"
     r"\binc\b|\bltd\b|ltée"),
]  # fmt: skip
KIND_PATTERNS = [(kind, re.compile(p, re.IGNORECASE)) for kind, p in KIND_CUES]
BASED_IN = re.compile(
    r"\b(?:based|headquartered|located|établie?|basée?|située?|installée?)\s+(?:in|à|au|en)\s+"
    r"(?P<city>[A-ZÀ-Ý][\w'’\-]+(?:[\s\-][A-ZÀ-Ý][\w'’\-]+)?)"
    r"(?:\s*,\s*(?P<region>[A-ZÀ-Ý][\w'’\-]+(?:[\s\-][A-ZÀ-Ý][\w'’\-]+)?))?"
)
# fmt: off
CANADA = {"Québec", "Quebec", "Ontario", "Alberta", "Manitoba", "Saskatchewan",
          "British Columbia", "Colombie-Britannique", "Nova Scotia", "Nouvelle-Écosse",
          "New Brunswick", "Nouveau-Brunswick", "Newfoundland and Labrador",
          "Prince Edward Island", "Île-du-Prince-Édouard", "Yukon", "Nunavut"}
UNITED_STATES = {"Massachusetts", "California", "Californie", "New York", "New Jersey",
                 "Pennsylvania", "Pennsylvanie", "Maryland", "North Carolina", "Texas",
                 "Illinois", "Washington", "Florida", "Floride", "Minnesota", "Ohio",
                 "Michigan", "Georgia", "Géorgie", "Connecticut", "Vermont", "Maine",
                 "New Hampshire", "Colorado", "Virginia", "Virginie", "Wisconsin"}
FRANCE = {"Auvergne-Rhône-Alpes", "Île-de-France", "Occitanie", "Bretagne", "Normandie",
          "Grand Est", "Hauts-de-France", "Nouvelle-Aquitaine", "Pays de la Loire",
          "Provence-Alpes-Côte d'Azur", "Bourgogne-Franche-Comté", "Centre-Val de Loire"}
ADJECTIVE_PLACES = {"state": "", "provincial": "", "Canadian": "CA", "canadienne": "CA",
                    "American": "US", "américaine": "US", "French": "FR", "française": "FR",
                    "Quebec": "CA", "Québec": "CA", "québécoise": "CA", "ontarienne": "CA",
                    "Ontario": "CA"}
# fmt: on


# Cities that name organizations' homes more often than organizations.
# fmt: off
CITIES = {"Montréal", "Québec", "Toronto", "Ottawa", "Vancouver", "Calgary", "Edmonton",
          "Winnipeg", "Halifax", "Sherbrooke", "Laval", "Lyon", "Paris", "Grenoble",
          "Marseille", "Bordeaux", "Boston", "Cambridge", "San Diego", "New York", "Canada",
          "France", "America", "Europe", "United States", "États-Unis"}
# fmt: on


@functools.cache
def place_words() -> frozenset[str]:
    places = CANADA | UNITED_STATES | FRANCE | CITIES
    return frozenset(word for place in places for word in normalize(place).split())


def country_of(region: str) -> str:
    for country, regions in (("CA", CANADA), ("US", UNITED_STATES), ("FR", FRANCE)):
        if region in regions:
            return country
    return ""


def described(mention: Mention, text: str) -> Proposed:
    """What the apposition after a new organization's name says of it."""
    at = text.find(mention.name)
    after = text[at + len(mention.name) :] if at >= 0 else ""
    apposition = re.match(r"\s*,\s*(?P<what>[^,.;]*(?:,\s*[A-ZÀ-Ý][^,.;]*)?)", after)
    proposed = Proposed()
    what = apposition["what"] if apposition else ""
    # What the text says of it first ("an alliance of …"), else what its name says.
    for source in (what, mention.name):
        proposed.kind = next((k for k, p in KIND_PATTERNS if p.search(source)), "")
        if proposed.kind:
            break
    based = BASED_IN.search(what)
    if based:
        proposed.city = based["city"]
        region = based["region"] or ""
        if country_of(based["city"]):
            proposed.city, region = "", based["city"]
        proposed.region = region
    for region in sorted(CANADA | UNITED_STATES | FRANCE, key=len, reverse=True):
        if not proposed.region and re.search(rf"\b{re.escape(region)}\b", what):
            proposed.region = region
    proposed.country = country_of(proposed.region)
    if not proposed.country:
        for word, country in ADJECTIVE_PLACES.items():
            if country and re.search(rf"\b{word}\b", what):
                proposed.country = country
                break
    return proposed
