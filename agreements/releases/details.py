"""What a release says besides the agreement itself: the benefits it lists for
members, the commitments it announces, its themes and its media contacts."""

import datetime
import re
from dataclasses import dataclass

from agreements.choices import BenefitCategory
from agreements.releases import dates, document
from agreements.releases import parties as party_finding
from organizations.models import Sector
from portal.dates import DatePrecision, PartialDate, truncate_to_precision
from portal.query_text import normalize


@dataclass
class FoundBenefit:
    category: str
    text: str


@dataclass
class FoundCommitment:
    text: str
    due: PartialDate | None


@dataclass
class FoundContact:
    name: str
    title: str
    organization: str


# Commitments --------------------------------------------------------------------------

COMMITMENT_CUE = re.compile(
    r"\b(?:is|are) (?:scheduled|planned|expected|slated)|will (?:be held|take place|host|"
    r"organi[sz]e|hold|launch|meet)|within (?:the next )?\w+ (?:years?|months?)|\bby (?:the "
    r"end of )?(?:19|20)\d{2}|short-term goal|first (?:event|activity|meeting|step)|"
    r"(?:est|sont) prévue?s?|aura lieu|auront lieu|se tiendra|se tiendront|d['’]ici|"
    r"dans les \w+ (?:prochaines années|prochains mois|ans|années)|au cours des \w+ "
    r"prochaines? (?:années|mois)|prioriti[sz]ed|with the aim of|objectif à court terme|"
    r"organiseront|tiendront",
    re.IGNORECASE,
)
WITHIN = re.compile(
    rf"\b(?:within|d['’]ici|dans les|au cours des)\s+(?:the next\s+)?{dates.NUMBER}\s+"
    r"(?:prochaines?\s+)?(?P<unit>years?|months?|ans|années|mois)",
    re.IGNORECASE,
)


def due_date(text, language, base):
    found = dates.first_date(text, language)
    if found:
        return found
    within = WITHIN.search(text)
    if within and base:
        number = within["number"].lower()
        count = int(number) if number.isdigit() else dates.NUMBERS.get(number, 0)
        if within["unit"].lower().startswith(("month", "mois")):
            months = base.value.month - 1 + count
            value = datetime.date(base.value.year + months // 12, months % 12 + 1, 1)
            return PartialDate(value, DatePrecision.MONTH)
        return PartialDate(datetime.date(base.value.year + count, 1, 1), DatePrecision.YEAR)
    year = dates.year_in(text)
    if year:
        return year
    if base:
        return dates.bare_month_in(text, base.value.year, language)
    return None


def commitments(doc, language, base):
    found = []
    for sentence in doc.sentences:
        if not COMMITMENT_CUE.search(sentence.facts) or "…" in sentence.facts:
            continue
        due = due_date(sentence.facts, language, base)
        if due and base and due.value < truncate_to_precision(base.value, due.precision):
            continue  # what happened before the release is history, not a commitment
        found.append(FoundCommitment(sentence.text, due))
    return found


# Benefits -----------------------------------------------------------------------------

BENEFIT_HEADING = re.compile(
    r"\b(?:benefits?|advantages?|avantages?|perks|what (?:this means )?for (?:our )?members|"
    r"for members|members (?:will|can|gain|get|receive|enjoy)|pour (?:les|nos) membres|"
    r"retombées|offers? (?:to|for) members|les membres (?:pourront|bénéficieront))\b",
    re.IGNORECASE,
)
BENEFIT_CUES = [
    (BenefitCategory.PREFERENTIAL_RATES, r"preferential|discount|reduced (?:rate|fee|price)|"
     r"member rates?|rates?\b|\bfees?\b|tarifs?|rabais|réduction|prix préférentiels?|"
     r"gratuit|free of charge"),
    (BenefitCategory.SOFT_LANDING, r"soft[- ]landing|atterrissage|office space|desk|"
     r"espace de travail|bureaux?|incubat|hébergement|landing"),
    (BenefitCategory.MOBILITY, r"scholarship|bourses?|mobility|mobilité|internship|stages?\b|"
     r"exchange of (?:students|researchers)|échanges? d['’](?:étudiants|chercheurs)"),
    (BenefitCategory.EVENT_ACCESS, r"(?:access|accès|invitation|admission|entrée)[^.]{0,60}"
     r"(?:events?|événements?|évènements?|conferences?|congrès|colloques?|forums?|symposi)|"
     r"(?:events?|événements?|conferences?|congrès) (?:access|accès)|\bpasses?\b"),
    (BenefitCategory.BUSINESS_DEVELOPMENT, r"business development|développement des affaires|"
     r"trade missions?|missions? commerciales?|market access|accès aux marchés|"
     r"partnering|export|investors?|investisseurs|financement|funding|procurement"),
    (BenefitCategory.NETWORKING, r"network|réseautage|matchmaking|maillage|introductions?|"
     r"mises? en relation|rencontres? b2b|b2b"),
    (BenefitCategory.JOINT_RESEARCH, r"joint research|research (?:projects?|programs?|"
     r"programmes?)|recherche conjointe|projets? de recherche|programmes? de recherche|"
     r"\bR&D\b|co-development|codéveloppement"),
    (BenefitCategory.INFORMATION_SHARING, r"information|knowledge|connaissances|veille|"
     r"intelligence|data|données|newsletters?|bulletins?|webinai?res?|expertise|partage|"
     r"sharing|resources|ressources"),
]  # fmt: skip
BENEFIT_PATTERNS = [(c, re.compile(p, re.IGNORECASE)) for c, p in BENEFIT_CUES]
MAX_ITEM = 300


def category_of(item: str) -> str:
    for category, pattern in BENEFIT_PATTERNS:
        if pattern.search(item):
            return category
    return BenefitCategory.INFORMATION_SHARING


def benefits(doc):
    """The items of a list under a benefits heading: bulleted lines, or short lines
    without a final stop, up to the next heading or paragraph of prose."""
    found, evidence, under, bulleted = [], "", False, False
    for paragraph in doc.paragraphs:
        bullet = document.BULLET.match(paragraph)
        if not under:
            heading = document.is_heading(paragraph) or paragraph.rstrip().endswith(":")
            if heading and len(paragraph) <= 160 and BENEFIT_HEADING.search(paragraph):
                under, evidence = True, paragraph
            continue
        item = document.BULLET.sub("", paragraph).strip().rstrip(";,.")
        if found and not bullet and bulleted:
            break  # a bulleted list ends at the first line without a bullet
        bulleted = bulleted or bool(bullet)
        if bullet or (len(paragraph) <= MAX_ITEM and not paragraph.endswith(":")):
            if not bullet and re.search(r"[.!?]\s+[A-ZÀ-Ý]", paragraph):
                break  # prose again
            if document.ABOUT_HEADING.match(paragraph) or document.QUOTED.search(paragraph):
                break
            found.append(FoundBenefit(category_of(item), item))
            continue
        break
    return found, evidence


# Themes and contacts ------------------------------------------------------------------

# A few ways releases name a sector besides its name (sector slug: patterns).
THEME_SYNONYMS = {
    "oncology": r"cancer\w*|oncolog\w*|tumou?r",
    "biotechnology": r"biotech\w*",
    "contract-research": r"contract research|\bCROs?\b|recherche (?:contractuelle|sous contrat)",
    "medical-technologies": r"medtech|medical (?:devices?|technolog\w+)|dispositifs? médicaux|"
    r"technologies? médicales?|health technolog\w+|technologies de la santé",
    "digital-health": r"digital health|santé numérique|e-health|telehealth|télésanté",
    "precision-medicine": r"precision medicine|personali[sz]ed medicine|médecine de précision|"
    r"médecine personnalisée",
    "cell-therapy": r"cell therap\w+|cellular therap\w+|thérapies? cellulaires?",
    "genomics": r"genomic\w*|génomique",
    "infectiology": r"infectio\w+|infectious diseases?|maladies infectieuses",
    "neurosciences": r"neuroscien\w+",
    "cardiovascular": r"cardiovascula\w+",
    "health-care-organization": r"organi[sz]ation of (?:cancer |health )?care|"
    r"organisation des soins",
    "artificial-intelligence": r"artificial intelligence|intelligence artificielle|\bAI\b|\bIA\b",
}


def themes(doc):
    body = " ".join(s.facts for s in doc.sentences)
    plain = normalize(body)
    found = []
    for sector in Sector.objects.only("slug", "name_en", "name_fr"):
        names = [n for n in (sector.name_en, sector.name_fr) if n]
        named = any(re.search(rf"\b{re.escape(normalize(n))}\b", plain) for n in names)
        synonym = THEME_SYNONYMS.get(sector.slug)
        if named or (synonym and re.search(synonym, body, re.IGNORECASE)):
            found.append(sector.slug)
    return sorted(found)


PERSON = re.compile(r"^[A-ZÀ-Ý][\w'’\-.]+(?:\s+[A-ZÀ-Ý]\.?)?(?:\s+[A-ZÀ-Ý][\w'’\-]+){1,2}$")
NOT_CONTACT_DETAIL = re.compile(
    r"@|https?://|www\.|\[email|^(?:tel|tél|phone|téléphone|cell|mobile|ext|poste)\b|"
    r"^[\d\s().+\-]{7,}$|^\+?\d[\d\s().\-]{6,}|^ext\.|^poste|share this",
    re.IGNORECASE,
)


def contacts(doc):
    groups, current = [], []
    for line in doc.contact_lines:
        if document.ABOUT_HEADING.match(line) and document.is_heading(line):
            break
        if not line:
            if current:
                groups.append(current)
                current = []
            continue
        current.append(line)
    if current:
        groups.append(current)
    found = []
    for group in groups:
        lines = [entry for line in group for entry in line.split(";")]
        entries, entry = [], []
        for line in lines:
            pieces = [p.strip() for p in line.split(",") if p.strip()]
            person = pieces and PERSON.match(pieces[0])
            person = person and not party_finding.ORGANIZATION_WORDS.search(pieces[0])
            if person and len(entry) >= 2:
                entries.append(entry)
                entry = []
            entry += pieces
        if entry:
            entries.append(entry)
        for pieces in entries:
            pieces = [p for p in pieces if not NOT_CONTACT_DETAIL.search(p)]
            if not pieces or not PERSON.match(pieces[0]):
                continue
            if party_finding.ORGANIZATION_WORDS.search(pieces[0]) or pieces[0].startswith("SOURCE"):
                continue
            rest = pieces[1:]
            organization = rest[-1] if rest else ""
            title = ", ".join(rest[:-1])
            found.append(FoundContact(pieces[0], title, organization))
    return found
