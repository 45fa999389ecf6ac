"""A synthetic dataset of any size, shaped like the real one, for benchmarks.

`generate_data` drives it. Every record it creates has a slug starting with
SLUG_PREFIX (or hangs off one that does), which is how a later run finds and
replaces it without touching anything else.

Draws come from `random.Random` streams seeded from the command's seed, one per
table, and dates are spread around the fixed ANCHOR rather than today, so the
same arguments give the same rows (apart from ids and timestamps).

Rows are inserted with `bulk_create`, which skips modeltranslation's syncing of
the base column (`name`) from the default language's column (`name_en`): both
are set explicitly, see `translated()`.
"""

import datetime
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice

from django.db.models import Model
from django.utils.text import slugify

from agreements.models import Agreement, Benefit, Party
from events.models import Event, EventOrganization, Series
from organizations.models import Organization, Sector
from organizations.querysets import MEMBER_BASED_KINDS
from portal import demo_data

SLUG_PREFIX = "gen-"
ANCHOR = datetime.date(2026, 1, 1)
# Events run from about ten years before the anchor to three years after it.
EVENT_WINDOW = (datetime.date(2016, 1, 1), datetime.date(2028, 12, 31))
AGREEMENT_WINDOW = (datetime.date(2000, 1, 1), ANCHOR - datetime.timedelta(days=1))
BATCH_SIZE = 5000
SERIES_COUNT = 50

# (table, rows so far, total rows or None while unknown)
Progress = Callable[[str, int, int | None], None]


# --- Places -------------------------------------------------------------------


@dataclass(frozen=True)
class City:
    name: str  # as stored in the city field
    en: str
    fr: str
    latitude: float
    longitude: float


def city(name, latitude, longitude, en=None, fr=None):
    return City(name, en or name, fr or name, latitude, longitude)


@dataclass(frozen=True)
class Region:
    country: str
    name: str  # as stored in the region field
    en: str
    of_fr: str  # "du Québec": the French name with its article after "de"
    time_zone: str
    weight: int
    cities: tuple[City, ...]


@dataclass(frozen=True)
class Country:
    code: str
    en: str
    fr: str
    adjective: str
    of_fr: str
    weight: int
    legal_forms: tuple[str, ...]
    speaks_french: bool = False


COUNTRIES = {
    c.code: c
    for c in [
        Country("CA", "Canada", "Canada", "Canadian", "du Canada", 35, ("Inc.", "Ltd.", "Corp.")),
        Country("US", "United States", "États-Unis", "American", "des États-Unis", 25,
                ("Inc.", "LLC", "Corp.")),
        Country("FR", "France", "France", "French", "de France", 25, ("SAS", "SA", "SARL"),
                speaks_french=True),
        Country("BE", "Belgium", "Belgique", "Belgian", "de Belgique", 4, ("SA", "NV", "SRL"),
                speaks_french=True),
        Country("CH", "Switzerland", "Suisse", "Swiss", "de Suisse", 4, ("AG", "SA", "GmbH"),
                speaks_french=True),
        Country("DE", "Germany", "Allemagne", "German", "d'Allemagne", 4, ("GmbH", "AG")),
        Country("GB", "United Kingdom", "Royaume-Uni", "British", "du Royaume-Uni", 3,
                ("Ltd", "plc")),
    ]
}  # fmt: skip

REGIONS = [
    Region("CA", "Québec", "Quebec", "du Québec", "America/Toronto", 40, (
        city("Montréal", 45.5017, -73.5673),
        city("Québec", 46.8139, -71.2080, en="Quebec City"),
        city("Sherbrooke", 45.4042, -71.8929),
        city("Laval", 45.6066, -73.7124),
        city("Trois-Rivières", 46.3432, -72.5418),
    )),
    Region("CA", "Ontario", "Ontario", "de l'Ontario", "America/Toronto", 35, (
        city("Toronto", 43.6532, -79.3832),
        city("Ottawa", 45.4215, -75.6972),
        city("Hamilton", 43.2557, -79.8711),
        city("London", 42.9849, -81.2453),
        city("Waterloo", 43.4643, -80.5204),
        city("Kingston", 44.2312, -76.4860),
    )),
    Region("CA", "British Columbia", "British Columbia", "de la Colombie-Britannique",
           "America/Vancouver", 12, (
        city("Vancouver", 49.2827, -123.1207),
        city("Victoria", 48.4284, -123.3656),
        city("Burnaby", 49.2488, -122.9805),
    )),
    Region("CA", "Alberta", "Alberta", "de l'Alberta", "America/Edmonton", 7, (
        city("Calgary", 51.0447, -114.0719),
        city("Edmonton", 53.5461, -113.4938),
    )),
    Region("CA", "Nova Scotia", "Nova Scotia", "de la Nouvelle-Écosse", "America/Halifax", 2, (
        city("Halifax", 44.6488, -63.5752),
    )),
    Region("CA", "Manitoba", "Manitoba", "du Manitoba", "America/Winnipeg", 2, (
        city("Winnipeg", 49.8951, -97.1384),
    )),
    Region("CA", "Saskatchewan", "Saskatchewan", "de la Saskatchewan", "America/Regina", 2, (
        city("Saskatoon", 52.1332, -106.6700),
    )),
    Region("US", "Massachusetts", "Massachusetts", "du Massachusetts", "America/New_York", 25, (
        city("Boston", 42.3601, -71.0589),
        city("Cambridge", 42.3736, -71.1097),
        city("Worcester", 42.2626, -71.8023),
    )),
    Region("US", "California", "California", "de la Californie", "America/Los_Angeles", 25, (
        city("San Diego", 32.7157, -117.1611),
        city("San Francisco", 37.7749, -122.4194),
        city("South San Francisco", 37.6547, -122.4077),
        city("Los Angeles", 34.0522, -118.2437),
        city("Palo Alto", 37.4419, -122.1430),
    )),
    Region("US", "New York", "New York", "de l'État de New York", "America/New_York", 12, (
        city("New York", 40.7128, -74.0060),
        city("Rochester", 43.1566, -77.6088),
    )),
    Region("US", "Maryland", "Maryland", "du Maryland", "America/New_York", 8, (
        city("Baltimore", 39.2904, -76.6122),
        city("Bethesda", 38.9807, -77.1003),
        city("Rockville", 39.0840, -77.1528),
    )),
    Region("US", "North Carolina", "North Carolina", "de la Caroline du Nord",
           "America/New_York", 7, (
        city("Durham", 35.9940, -78.8986),
        city("Raleigh", 35.7796, -78.6382),
    )),
    Region("US", "Pennsylvania", "Pennsylvania", "de la Pennsylvanie", "America/New_York", 8, (
        city("Philadelphia", 39.9526, -75.1652, fr="Philadelphie"),
        city("Pittsburgh", 40.4406, -79.9959),
    )),
    Region("US", "Washington", "Washington", "de l'État de Washington",
           "America/Los_Angeles", 5, (
        city("Seattle", 47.6062, -122.3321),
    )),
    Region("US", "Texas", "Texas", "du Texas", "America/Chicago", 6, (
        city("Houston", 29.7604, -95.3698),
        city("Austin", 30.2672, -97.7431),
    )),
    Region("US", "Illinois", "Illinois", "de l'Illinois", "America/Chicago", 4, (
        city("Chicago", 41.8781, -87.6298),
    )),
    Region("FR", "Auvergne-Rhône-Alpes", "Auvergne-Rhône-Alpes", "d'Auvergne-Rhône-Alpes",
           "Europe/Paris", 25, (
        city("Lyon", 45.7640, 4.8357),
        city("Grenoble", 45.1885, 5.7245),
        city("Clermont-Ferrand", 45.7772, 3.0870),
        city("Saint-Étienne", 45.4397, 4.3872),
    )),
    Region("FR", "Île-de-France", "Île-de-France", "d'Île-de-France", "Europe/Paris", 35, (
        city("Paris", 48.8566, 2.3522),
        city("Évry-Courcouronnes", 48.6290, 2.4410),
        city("Saclay", 48.7311, 2.1706),
        city("Villejuif", 48.7922, 2.3634),
    )),
    Region("FR", "Occitanie", "Occitanie", "d'Occitanie", "Europe/Paris", 12, (
        city("Toulouse", 43.6047, 1.4442),
        city("Montpellier", 43.6108, 3.8767),
    )),
    Region("FR", "Provence-Alpes-Côte d'Azur", "Provence-Alpes-Côte d'Azur",
           "de Provence-Alpes-Côte d'Azur", "Europe/Paris", 8, (
        city("Marseille", 43.2965, 5.3698, en="Marseilles"),
        city("Nice", 43.7102, 7.2620),
    )),
    Region("FR", "Grand Est", "Grand Est", "du Grand Est", "Europe/Paris", 6, (
        city("Strasbourg", 48.5734, 7.7521),
        city("Nancy", 48.6921, 6.1844),
    )),
    Region("FR", "Hauts-de-France", "Hauts-de-France", "des Hauts-de-France",
           "Europe/Paris", 5, (
        city("Lille", 50.6292, 3.0573),
    )),
    Region("FR", "Nouvelle-Aquitaine", "Nouvelle-Aquitaine", "de Nouvelle-Aquitaine",
           "Europe/Paris", 4, (
        city("Bordeaux", 44.8378, -0.5792),
    )),
    Region("FR", "Pays de la Loire", "Pays de la Loire", "des Pays de la Loire",
           "Europe/Paris", 3, (
        city("Nantes", 47.2184, -1.5536),
    )),
    Region("FR", "Bretagne", "Brittany", "de Bretagne", "Europe/Paris", 2, (
        city("Rennes", 48.1173, -1.6778),
    )),
    Region("BE", "Bruxelles-Capitale", "Brussels-Capital", "de la Région de Bruxelles-Capitale",
           "Europe/Brussels", 4, (
        city("Bruxelles", 50.8503, 4.3517, en="Brussels"),
    )),
    Region("BE", "Wallonie", "Wallonia", "de Wallonie", "Europe/Brussels", 3, (
        city("Liège", 50.6326, 5.5797),
        city("Louvain-la-Neuve", 50.6681, 4.6118),
        city("Charleroi", 50.4108, 4.4446),
    )),
    Region("BE", "Vlaanderen", "Flanders", "de Flandre", "Europe/Brussels", 3, (
        city("Gent", 51.0543, 3.7174, en="Ghent", fr="Gand"),
        city("Leuven", 50.8798, 4.7005, fr="Louvain"),
        city("Antwerpen", 51.2194, 4.4025, en="Antwerp", fr="Anvers"),
    )),
    Region("CH", "Genève", "Geneva", "du canton de Genève", "Europe/Zurich", 3, (
        city("Genève", 46.2044, 6.1432, en="Geneva"),
    )),
    Region("CH", "Vaud", "Vaud", "du canton de Vaud", "Europe/Zurich", 3, (
        city("Lausanne", 46.5197, 6.6323),
    )),
    Region("CH", "Basel-Stadt", "Basel-Stadt", "du canton de Bâle-Ville", "Europe/Zurich", 3, (
        city("Basel", 47.5596, 7.5886, en="Basel", fr="Bâle"),
    )),
    Region("CH", "Zürich", "Zurich", "du canton de Zurich", "Europe/Zurich", 3, (
        city("Zürich", 47.3769, 8.5417, en="Zurich", fr="Zurich"),
    )),
    Region("DE", "Bayern", "Bavaria", "de Bavière", "Europe/Berlin", 3, (
        city("München", 48.1351, 11.5820, en="Munich", fr="Munich"),
    )),
    Region("DE", "Berlin", "Berlin", "de Berlin", "Europe/Berlin", 3, (
        city("Berlin", 52.5200, 13.4050),
    )),
    Region("DE", "Baden-Württemberg", "Baden-Württemberg", "du Bade-Wurtemberg",
           "Europe/Berlin", 2, (
        city("Heidelberg", 49.3988, 8.6724),
    )),
    Region("DE", "Hessen", "Hesse", "de Hesse", "Europe/Berlin", 2, (
        city("Frankfurt am Main", 50.1109, 8.6821, en="Frankfurt", fr="Francfort"),
    )),
    Region("DE", "Nordrhein-Westfalen", "North Rhine-Westphalia",
           "de Rhénanie-du-Nord-Westphalie", "Europe/Berlin", 2, (
        city("Köln", 50.9375, 6.9603, en="Cologne", fr="Cologne"),
    )),
    Region("GB", "England", "England", "d'Angleterre", "Europe/London", 5, (
        city("London", 51.5072, -0.1276, fr="Londres"),
        city("Cambridge", 52.2053, 0.1218),
        city("Oxford", 51.7520, -1.2577),
        city("Manchester", 53.4808, -2.2426),
    )),
    Region("GB", "Scotland", "Scotland", "d'Écosse", "Europe/London", 2, (
        city("Edinburgh", 55.9533, -3.1883, fr="Édimbourg"),
        city("Glasgow", 55.8642, -4.2518),
    )),
]  # fmt: skip


@dataclass(frozen=True)
class Place:
    region: Region
    city: City

    @property
    def country(self):
        return COUNTRIES[self.region.country]


PLACES_BY_COUNTRY = {
    code: [Place(region, c) for region in REGIONS if region.country == code for c in region.cities]
    for code in COUNTRIES
}
# Within a country a region's weight is shared by its cities.
PLACE_WEIGHTS_BY_COUNTRY = {
    code: [place.region.weight / len(place.region.cities) for place in places]
    for code, places in PLACES_BY_COUNTRY.items()
}
COUNTRY_CODES = list(COUNTRIES)
COUNTRY_WEIGHTS = [c.weight for c in COUNTRIES.values()]


def of(name):
    """French "de" before a place name, elided before a vowel: "de Lyon", "d'Ottawa"."""
    return f"d'{name}" if name[0] in "AEIOUYÂÉÈÊÎÔaeiouy" else f"de {name}"


# --- Words ----------------------------------------------------------------------


@dataclass(frozen=True)
class Domain:
    """A field of activity as names and titles say it (themes use the Sector table)."""

    en: str  # "Genomics"
    fr: str  # "génomique", after "en"
    fr_the: str  # "la génomique", with its article

    @property
    def fr_of_the(self):
        """'de la génomique', 'des vaccins', 'de l'oncologie'."""
        if self.fr_the.startswith("les "):
            return "des " + self.fr_the[4:]
        return "de " + self.fr_the


DOMAINS = [
    Domain("Genomics", "génomique", "la génomique"),
    Domain("Biotechnology", "biotechnologies", "les biotechnologies"),
    Domain("Medical Technology", "technologies médicales", "les technologies médicales"),
    Domain("Life Sciences", "sciences de la vie", "les sciences de la vie"),
    Domain("Digital Health", "santé numérique", "la santé numérique"),
    Domain("Oncology", "oncologie", "l'oncologie"),
    Domain("Neuroscience", "neurosciences", "les neurosciences"),
    Domain("Cell Therapy", "thérapie cellulaire", "la thérapie cellulaire"),
    Domain("Bioinformatics", "bio-informatique", "la bio-informatique"),
    Domain("Medical Imaging", "imagerie médicale", "l'imagerie médicale"),
    Domain("Vaccines", "vaccins", "les vaccins"),
    Domain("Precision Medicine", "médecine de précision", "la médecine de précision"),
    Domain("Infectious Diseases", "maladies infectieuses", "les maladies infectieuses"),
    Domain("Cardiology", "cardiologie", "la cardiologie"),
    Domain("Rare Diseases", "maladies rares", "les maladies rares"),
    Domain("Regenerative Medicine", "médecine régénératrice", "la médecine régénératrice"),
    Domain("Health Technology", "technologies de la santé", "les technologies de la santé"),
]

TOPICS = [
    ("regulatory pathways", "parcours réglementaires"),
    ("market access", "accès au marché"),
    ("clinical trials", "essais cliniques"),
    ("intellectual property", "propriété intellectuelle"),
    ("venture financing", "financement en capital de risque"),
    ("data sharing", "partage de données"),
    ("talent and training", "talents et formation"),
    ("partnering", "maillage"),
    ("reimbursement", "remboursement"),
    ("manufacturing", "biofabrication"),
]

# fmt: off
BRAND_STARTS = [
    "North", "Blue", "Nova", "Bio", "Gen", "Cell", "Neuro", "Cardio", "Onco", "Immu", "Vita",
    "Axo", "Lumi", "Terra", "Clear", "Bright", "Helix", "Astra", "Cyto", "Medi", "Thera", "Vire",
    "Zymo", "Arc", "Ever", "Silver", "Maple", "Alpen", "Sequa", "Pro", "Cura", "Vero", "Optima",
    "Kine", "Osteo", "Derma", "Hema", "Nephro", "Pneumo", "Ocu",
]
BRAND_ENDS = [
    "bridge", "gen", "cell", "path", "wave", "core", "vance", "tek", "vie", "logic", "nova",
    "sphere", "mark", "line", "field", "stone", "medica", "thera", "gene", "ome", "cyte", "lab",
    "vista", "quest",
]
COMPANY_DOMAINS = [
    "Genomics", "Therapeutics", "Biosciences", "Diagnostics", "Medical", "Pharma", "Biotech",
    "Health", "Labs", "Bio", "Imaging", "Devices", "Analytics", "Vaccines", "Biologics",
]
SURNAMES = [
    "Bernard", "Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "Lefebvre", "Martin", "Dubois",
    "Moreau", "Laurent", "Girard", "Fontaine", "Mercier", "Chevalier", "Smith", "Johnson",
    "Williams", "Brown", "Taylor", "Anderson", "Thompson", "Walker", "Wright", "Mitchell",
    "Campbell", "Müller", "Schmidt", "Weber", "Fischer", "Meyer", "Janssens", "Peeters", "Dupont",
    "Keller", "Baumann", "Huber", "Pelletier", "Bergeron", "Lavoie", "Osler", "Banting",
    "Pasteur", "Curie", "Bernier", "Leclerc",
]
FIRST_NAMES = [
    "Marie", "Louis", "Jeanne", "Pierre", "Claire", "Henri", "Anne", "Paul", "Lucie", "Jacques",
    "Margaret", "John", "Sarah", "David", "Emily", "Robert", "Helen", "George", "Ruth", "Thomas",
]
# fmt: on
SAINTS = [
    ("St. Mary's", "Sainte-Marie"),
    ("St. Joseph's", "Saint-Joseph"),
    ("St. Luke's", "Saint-Luc"),
    ("Sacred Heart", "Sacré-Cœur"),
    ("Holy Cross", "Sainte-Croix"),
    ("St. Paul's", "Saint-Paul"),
]
DEPARTMENTS = [
    ("Ministry of Health", "Ministère de la Santé"),
    ("Ministry of Economy and Innovation", "Ministère de l'Économie et de l'Innovation"),
    ("Department of International Trade", "Ministère du Commerce international"),
    ("Office of the Chief Scientist", "Bureau du scientifique en chef"),
    ("Delegation for International Relations", "Délégation aux relations internationales"),
    ("Health Research Agency", "Agence de recherche en santé"),
]
SIGNER_TITLES = [
    ("President and Chief Executive Officer", "Président-directeur général"),
    ("Executive Director", "Directrice générale"),
    ("Chair of the Board", "Président du conseil d'administration"),
    ("Rector", "Recteur"),
    ("Vice-President, International Affairs", "Vice-présidente aux affaires internationales"),
    ("Minister", "Ministre"),
    ("Secretary-General", "Secrétaire général"),
]

KIND_WORDS = {
    "company": ("A company", "Entreprise"),
    "university": ("A university", "Université"),
    "research_centre": ("A research centre", "Centre de recherche"),
    "hospital": ("A hospital", "Hôpital"),
    "association": ("An association", "Association"),
    "cluster": ("A cluster", "Grappe"),
    "alliance": ("A network", "Réseau"),
    "government": ("A government body", "Organisme gouvernemental"),
    "economic_development": ("An economic development agency", "Agence de développement"),
    "funding_body": ("A funding body", "Organisme de financement"),
    "foundation": ("A foundation", "Fondation"),
    "chamber_of_commerce": ("A chamber of commerce", "Chambre de commerce"),
}

ORGANIZATION_KIND_WEIGHTS = {
    "company": 60,
    "university": 8,
    "research_centre": 8,
    "hospital": 4,
    "association": 5,
    "cluster": 3,
    "alliance": 1,
    "government": 2,
    "economic_development": 2,
    "funding_body": 1.5,
    "foundation": 2.5,
    "chamber_of_commerce": 3,
}
# Agreements are mostly signed by associations, clusters and universities.
SIGNATORY_KIND_WEIGHTS = {
    "association": 22,
    "cluster": 12,
    "alliance": 4,
    "chamber_of_commerce": 5,
    "university": 16,
    "research_centre": 10,
    "hospital": 5,
    "company": 12,
    "government": 5,
    "economic_development": 6,
    "funding_body": 2,
    "foundation": 1,
}
# Other parties: role, weight, the kinds that usually play it.
EXTRA_PARTY_ROLES = [
    ("supporter", 35, ("government", "economic_development", "chamber_of_commerce")),
    ("facilitator", 30, ("economic_development", "chamber_of_commerce", "association")),
    ("funder", 15, ("funding_body", "foundation")),
    ("participant", 20, ("university", "research_centre", "hospital")),
]
AGREEMENT_KINDS = [("mou", 40), ("cooperation", 30), ("framework", 12), ("letter_of_intent", 10)]
AGREEMENT_TITLES = {
    "mou": ("Memorandum of understanding {parties}", "Protocole d'entente {parties}"),
    "cooperation": (
        "{parties} cooperation agreement on {domain_en}",
        "Entente de coopération en {domain_fr} {parties}",
    ),
    "framework": ("Framework agreement {parties}", "Accord-cadre {parties}"),
    "letter_of_intent": ("Letter of intent {parties}", "Lettre d'intention {parties}"),
}
OBJECTIVES = [
    (
        "Joint events, exchanges of delegations and shared market intelligence.",
        "Événements communs, échanges de délégations et veille commerciale partagée.",
    ),
    (
        "Help members find partners, investors and clinical sites abroad.",
        "Aider les membres à trouver partenaires, investisseurs et sites cliniques à l'étranger.",
    ),
    (
        "Joint research projects and the mobility of students and researchers.",
        "Projets de recherche communs et mobilité des étudiants et des chercheurs.",
    ),
]
BENEFIT_TEXTS = {
    "event_access": (
        "Access to the partner's events at member conditions",
        "Accès aux événements du partenaire aux conditions des membres",
    ),
    "preferential_rates": (
        "{n}% off registration at the partner's events",
        "{n} % de réduction sur l'inscription aux événements du partenaire",
    ),
    "networking": (
        "Introductions to the partner's members in {domain_en}",
        "Mise en relation avec les membres du partenaire en {domain_fr}",
    ),
    "business_development": (
        "A place on trade missions to {city_en}",
        "Une place dans les missions commerciales à {city_fr}",
    ),
    "soft_landing": (
        "Desk space in {city_en} for {n} months",
        "Un espace de travail à {city_fr} pendant {n} mois",
    ),
    "mobility": (
        "{n} mobility scholarships a year for researchers",
        "{n} bourses de mobilité par an pour les chercheurs",
    ),
    "joint_research": (
        "Joint calls for projects in {domain_en}",
        "Appels à projets conjoints en {domain_fr}",
    ),
    "information_sharing": (
        "Shared market intelligence on {domain_en}",
        "Veille commerciale partagée sur {domain_fr_the}",
    ),
}
HOW_TO_CLAIM = [
    (
        "Write to the partnerships team with your membership number.",
        "Écrivez à l'équipe des partenariats en indiquant votre numéro de membre.",
    ),
    (
        "Use the member code from your member area when registering.",
        "Utilisez le code membre de votre espace membre lors de l'inscription.",
    ),
]
GENERIC_EVENT_KINDS = {
    "conference": 22,
    "convention": 5,
    "trade_mission": 12,
    "workshop": 18,
    "symposium": 10,
    "official_meeting": 9,
    "webinar": 14,
    "other": 5,
}
EVENT_DAYS = {  # possible lengths in days, with weights
    "conference": ((1, 2, 3, 4), (3, 4, 3, 1)),
    "convention": ((3, 4, 5), (2, 3, 1)),
    "trade_mission": ((3, 4, 5, 6, 7), (1, 2, 2, 1, 1)),
    "symposium": ((1, 2, 3), (3, 2, 1)),
    "workshop": ((1, 2), (4, 1)),
}
EVENT_KIND_WORDS = {
    "conference": ("Conference", "Conférence"),
    "convention": ("Convention", "Congrès"),
    "trade_mission": ("Trade mission", "Mission commerciale"),
    "workshop": ("Workshop", "Atelier"),
    "symposium": ("Symposium", "Symposium"),
    "signing_ceremony": ("Signing ceremony", "Cérémonie de signature"),
    "official_meeting": ("Official meeting", "Rencontre officielle"),
    "webinar": ("Webinar", "Webinaire"),
    "other": ("Networking evening", "Soirée de réseautage"),
}
# Who organizes each kind of event, by kind of organization.
EVENT_ORGANIZER_KINDS = {
    "conference": ("association", "cluster", "alliance", "university", "research_centre"),
    "convention": ("association", "cluster", "alliance"),
    "symposium": ("university", "research_centre", "hospital", "association"),
    "trade_mission": ("economic_development", "government", "chamber_of_commerce", "association"),
    "workshop": ("association", "cluster", "university", "economic_development"),
    "official_meeting": ("government", "economic_development"),
    "webinar": ("association", "cluster", "university", "company"),
    "other": ("chamber_of_commerce", "association", "cluster"),
}
TIMES = {  # kind: (chance of having times, start, end)
    "webinar": (1.0, datetime.time(12), datetime.time(13)),
    "workshop": (0.6, datetime.time(9), datetime.time(16, 30)),
    "signing_ceremony": (0.7, datetime.time(10), datetime.time(11)),
    "official_meeting": (0.5, datetime.time(14), datetime.time(16)),
    "other": (0.8, datetime.time(17, 30), datetime.time(20)),
}


def translated(name, en, fr=None):
    """The base column and both languages, as modeltranslation would have stored them."""
    return {name: en or "", f"{name}_en": en or None, f"{name}_fr": fr or None}


def clip(text, length):
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def make_slug(text, number):
    # The number after the last hyphen is unique per table: no two slugs can collide.
    return f"{SLUG_PREFIX}{slugify(text)[:80].strip('-')}-{number}"


def make_website(text, number):
    # A DNS label is at most 63 characters; .example is reserved and never resolves.
    return f"https://www.{slugify(text)[:40].strip('-')}-{number}.example/"


def add_months(day, months):
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return datetime.date(year, month, min(day.day, 28))


def truncate(day, precision):
    if precision == "year":
        return day.replace(month=1, day=1)
    if precision == "month":
        return day.replace(day=1)
    return day


def batched(iterable, size):
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


# --- Plans: what to create, before any id exists ---------------------------------


@dataclass(slots=True)
class OrganizationPlan:
    kind: str
    place: Place
    name_en: str
    name_fr: str
    acronym: str
    sector_ids: list[int]
    fields: dict
    has_website: bool
    id: int | None = None

    @property
    def short_en(self):
        return self.acronym or self.name_en

    @property
    def short_fr(self):
        return self.acronym or self.name_fr


@dataclass(slots=True)
class SeriesPlan:
    name_en: str
    name_fr: str
    kind: str
    domain: Domain
    place: Place
    organizer: OrganizationPlan
    description: tuple[str, str]
    id: int | None = None


@dataclass(slots=True)
class EventPlan:
    kind: str
    name_en: str
    name_fr: str
    start_date: datetime.date
    precision: str
    place: Place | None
    time_zone: str
    roles: list[tuple[OrganizationPlan, str]]
    edition: str = ""
    venue: str = ""
    times: tuple[datetime.time, datetime.time] | None = None
    end_date: datetime.date | None = None
    series: SeriesPlan | None = None
    description: tuple[str, str] | None = None
    related_agreements: list = field(default_factory=list)
    id: int | None = None


@dataclass(slots=True)
class AgreementPlan:
    kind: str
    # (organization, role, the signer's title in English and French or None)
    parties: list[tuple[OrganizationPlan, str, tuple[str, str] | None]]
    domain: Domain
    signed_on: datetime.date | None
    precision: str
    status: str = "signed"
    title: tuple[str, str] = ("", "")
    root_title: tuple[str, str] = ("", "")
    renews: "AgreementPlan | None" = None
    signing_event: EventPlan | None = None
    signing_place: tuple[str, str] | None = None
    effective_from: datetime.date | None = None
    effective_until: datetime.date | None = None
    term_months: int | None = None
    theme_ids: list[int] = field(default_factory=list)
    summary: tuple[str, str] = ("", "")
    objectives: tuple[str, str] = ("", "")
    id: int | None = None

    @property
    def signatories(self):
        return [org for org, role, _title in self.parties if role == "signatory"]

    def taken(self):
        return {id(org) for org, _role, _title in self.parties}


@dataclass(slots=True)
class BenefitPlan:
    agreement: AgreementPlan
    grantees: list[OrganizationPlan]
    fields: dict
    id: int | None = None


# --- The generator ---------------------------------------------------------------


class SyntheticData:
    """Plans then bulk-inserts the synthetic dataset. Call inside a transaction."""

    def __init__(self, *, organizations, agreements, events, benefits, seed, progress=None):
        if min(organizations, agreements, events, benefits) < 0:
            raise ValueError("Counts cannot be negative.")
        if (agreements or events) and organizations < 2:
            raise ValueError("Agreements and events need at least two organizations.")
        if benefits and not agreements:
            raise ValueError("Benefits need at least one agreement.")
        self.counts = {
            "organizations": organizations,
            "agreements": agreements,
            "events": events,
            "benefits": benefits,
        }
        self.seed = seed
        self.progress: Progress = progress or (lambda label, done, total: None)
        self.created: dict[str, int] = {}

    def rng(self, table):
        # A string seed is hashed with SHA-512: stable across processes and Python runs.
        return random.Random(f"{self.seed}:{table}")

    def create(self):
        """Create everything; return the number of rows created, by table."""
        self.sectors = self.ensure_sectors()
        self.organizations = self.plan_organizations()
        self.insert("organizations", Organization, self.organizations, self.build_organization)
        self.insert_links(
            "organization sectors",
            Organization.sectors.through,
            (
                {"organization_id": org.id, "sector_id": sector_id}
                for org in self.organizations
                for sector_id in org.sector_ids
            ),
        )
        self.index_organizations()

        rng = self.rng("events")
        series = self.plan_series(rng)
        events = self.plan_series_events(rng, series)
        ceremony_budget = self.counts["events"] // 10
        generic_count = self.counts["events"] - len(events) - ceremony_budget
        events += [self.plan_generic_event(rng) for _ in range(generic_count)]
        agreements = self.plan_agreements(events)
        events += self.plan_ceremonies(rng, agreements, ceremony_budget)
        # Fewer agreements to celebrate than planned: ordinary events make up the count.
        events += [self.plan_generic_event(rng) for _ in range(self.counts["events"] - len(events))]
        self.plan_follow_ups(rng, events, agreements)
        # Records are entered in no particular order: ids follow neither dates nor kinds.
        rng.shuffle(events)

        self.insert("series", Series, series, self.build_series)
        self.insert("events", Event, events, self.build_event)
        self.insert_links(
            "event organizers and participants",
            EventOrganization,
            (
                {"event_id": event.id, "organization_id": org.id, "role": role}
                for event in events
                for org, role in event.roles
            ),
        )

        self.insert("agreements", Agreement, agreements, self.build_agreement)
        # An agreement can renew one created in the same batch, whose id came back
        # only with that batch: the links are set afterwards.
        Agreement.objects.bulk_update(
            [Agreement(pk=a.id, renews_id=a.renews.id) for a in agreements if a.renews],
            ["renews"],
            batch_size=1000,
        )
        self.insert_links(
            "parties",
            Party,
            (
                {
                    "agreement_id": agreement.id,
                    "organization_id": org.id,
                    "role": role,
                    **translated("signed_by_title", *(title or ("", ""))),
                }
                for agreement in agreements
                for org, role, title in agreement.parties
            ),
        )
        self.insert_links(
            "agreement themes",
            Agreement.themes.through,
            (
                {"agreement_id": agreement.id, "sector_id": sector_id}
                for agreement in agreements
                for sector_id in agreement.theme_ids
            ),
        )
        self.insert_links(
            "agreements announced or followed up at events",
            Event.related_agreements.through,
            (
                {"event_id": event.id, "agreement_id": agreement.id}
                for event in events
                for agreement in event.related_agreements
            ),
        )

        benefits = self.plan_benefits(agreements)
        self.insert("benefits", Benefit, benefits, self.build_benefit)
        self.insert_links(
            "benefit grantees",
            Benefit.granted_to.through,
            (
                {"benefit_id": benefit.id, "organization_id": org.id}
                for benefit in benefits
                for org in benefit.grantees
            ),
        )
        return self.created

    # Inserting

    def insert(self, label, model, plans, build):
        """Bulk-create `build(plan, number)` for each plan and give each plan its new id."""
        done = 0
        self.progress(label, done, len(plans))
        for batch in batched(plans, BATCH_SIZE):
            objects = [build(plan, done + n) for n, plan in enumerate(batch, start=1)]
            model.objects.bulk_create(objects, batch_size=BATCH_SIZE)
            for plan, obj in zip(batch, objects, strict=True):
                if obj.pk is None:
                    raise RuntimeError(f"The database did not return the ids of new {label}.")
                plan.id = obj.pk
            done += len(batch)
            self.progress(label, done, len(plans))
        self.created[label] = done

    def insert_links(self, label, model, rows: Iterable[dict]):
        """Bulk-create link rows, whose total is known only at the end."""
        done = 0
        for batch in batched(rows, BATCH_SIZE):
            self.progress(label, done, None)
            model.objects.bulk_create([model(**row) for row in batch], batch_size=BATCH_SIZE)
            done += len(batch)
        self.progress(label, done, done)
        self.created[label] = done

    # Sectors

    def ensure_sectors(self):
        if not Sector.objects.exists():
            Sector.objects.bulk_create(
                [
                    Sector(slug=slug, **translated("name", en, fr))
                    for slug, en, fr in demo_data.SECTORS
                ]
            )
        return list(Sector.objects.order_by("slug").values_list("id", flat=True))

    # Organizations

    def plan_organizations(self):
        rng = self.rng("organizations")
        kinds = list(ORGANIZATION_KIND_WEIGHTS)
        kind_weights = list(ORGANIZATION_KIND_WEIGHTS.values())
        plans = []
        for _ in range(self.counts["organizations"]):
            kind = rng.choices(kinds, kind_weights)[0]
            place = self.random_place(rng)
            name_en, name_fr = self.organization_name(rng, kind, place)
            kind_en, kind_fr = KIND_WORDS[kind]
            fields = self.organization_fields(rng, kind, place)
            if rng.random() < 0.8:
                fields |= translated(
                    "description",
                    f"{kind_en} in {place.city.en}, {place.region.en}.",
                    f"{kind_fr} à {place.city.fr} ({place.region.name}).",
                )
            plans.append(
                OrganizationPlan(
                    kind=kind,
                    place=place,
                    name_en=clip(name_en, 200),
                    name_fr=clip(name_fr, 200),
                    acronym=self.acronym(rng, kind, name_en),
                    sector_ids=rng.sample(self.sectors, min(len(self.sectors), rng.randint(1, 3))),
                    fields=fields,
                    has_website=rng.random() < 0.7,
                )
            )
        return plans

    def random_place(self, rng):
        country = rng.choices(COUNTRY_CODES, COUNTRY_WEIGHTS)[0]
        return rng.choices(PLACES_BY_COUNTRY[country], PLACE_WEIGHTS_BY_COUNTRY[country])[0]

    def organization_name(self, rng, kind, place):
        c, country, f = place.city, place.country, rng.choice(DOMAINS)
        surname = rng.choice(SURNAMES)
        pattern = rng.randrange(3)
        if kind == "company":
            brand = rng.choice(BRAND_STARTS) + rng.choice(BRAND_ENDS)
            name = f"{brand} {rng.choice(COMPANY_DOMAINS)} {rng.choice(country.legal_forms)}"
            return name, name
        if kind == "university":
            return [
                (f"University of {c.en}", f"Université {of(c.fr)}"),
                (f"{surname} University", f"Université {surname}"),
                (f"{c.en} Institute of Technology", f"Institut de technologie {of(c.fr)}"),
            ][pattern]
        if kind == "research_centre":
            return [
                (f"{c.en} {f.en} Research Centre", f"Centre de recherche en {f.fr} {of(c.fr)}"),
                (f"{surname} Institute", f"Institut {surname}"),
                (f"{c.en} Institute for {f.en}", f"Institut {of(c.fr)} pour {f.fr_the}"),
            ][pattern]
        if kind == "hospital":
            saint_en, saint_fr = rng.choice(SAINTS)
            return [
                (f"{c.en} General Hospital", f"Hôpital général {of(c.fr)}"),
                (f"{saint_en} Hospital, {c.en}", f"Hôpital {saint_fr} {of(c.fr)}"),
                (f"University Hospital of {c.en}", f"Centre hospitalier universitaire {of(c.fr)}"),
            ][pattern]
        if kind == "association":
            return [
                (f"{c.en} {f.en} Association", f"Association {of(c.fr)} pour {f.fr_the}"),
                (
                    f"{place.region.en} {f.en} Association",
                    f"Association {place.region.of_fr} pour {f.fr_the}",
                ),
                (f"{country.adjective} {f.en} Society", f"Société {country.of_fr} en {f.fr}"),
            ][pattern]
        if kind == "cluster":
            return f"{c.en} {f.en} Cluster", f"Pôle {f.fr} {of(c.fr)}"
        if kind == "alliance":
            return f"{country.adjective} {f.en} Network", f"Réseau {country.of_fr} en {f.fr}"
        if kind == "government":
            if pattern == 0:
                return f"City of {c.en}", f"Ville {of(c.fr)}"
            dept_en, dept_fr = rng.choice(DEPARTMENTS)
            return f"{dept_en} of {place.region.en}", f"{dept_fr} {place.region.of_fr}"
        if kind == "economic_development":
            return [
                (f"{c.en} Economic Development Agency", f"Agence de développement {of(c.fr)}"),
                (f"Invest {c.en}", f"Investir {c.fr}"),
                (f"{c.en} International", f"{c.fr} International"),
            ][pattern]
        if kind == "funding_body":
            return (
                f"{place.region.en} {f.en} Research Fund",
                f"Fonds de recherche en {f.fr} {place.region.of_fr}",
            )
        if kind == "foundation":
            first = rng.choice(FIRST_NAMES)
            return f"{first} {surname} Foundation", f"Fondation {first} {surname}"
        # Chamber of commerce: local, or bilateral ("Canada–France").
        if pattern == 0:
            other = COUNTRIES[rng.choice([code for code in COUNTRIES if code != country.code])]
            return (
                f"{country.en}–{other.en} Chamber of Commerce, {c.en}",
                f"Chambre de commerce {country.fr}-{other.fr} à {c.fr}",
            )
        return f"{c.en} Chamber of Commerce", f"Chambre de commerce {of(c.fr)}"

    def acronym(self, rng, kind, name_en):
        if rng.random() >= (0.08 if kind == "company" else 0.3):
            return ""
        letters = "".join(word[0] for word in name_en.split() if word[:1].isupper())
        return letters if len(letters) >= 3 else ""

    def organization_fields(self, rng, kind, place):
        c = place.city
        values = {"city": c.name, "region": place.region.name, "country": place.region.country}
        if rng.random() < 0.05:
            values["city"] = ""
        elif rng.random() < 0.85:
            # Within a few kilometres of the city centre.
            values["latitude"] = Decimal(f"{c.latitude + rng.uniform(-0.05, 0.05):.6f}")
            values["longitude"] = Decimal(f"{c.longitude + rng.uniform(-0.05, 0.05):.6f}")
        if kind in ("university", "hospital", "government"):
            values["founded_year"] = rng.randint(1800, 1990)
        elif rng.random() < 0.8:
            values["founded_year"] = rng.randint(1960, 2025)
        if kind in MEMBER_BASED_KINDS and rng.random() < 0.8:
            values["member_count"] = int(rng.lognormvariate(4.5, 1.0)) + 5
            values["member_count_qualifier"] = rng.choices(
                ["exact", "about", "more_than"], [4, 4, 2]
            )[0]
            if rng.random() < 0.7:
                precision = rng.choices(["day", "month", "year"], [3, 5, 2])[0]
                since = datetime.date(max(2015, values.get("founded_year", 0)), 1, 1)
                day = since + datetime.timedelta(days=rng.randrange((ANCHOR - since).days))
                values["member_count_as_of"] = truncate(day, precision)
                values["member_count_as_of_precision"] = precision
        return values

    def build_organization(self, plan: OrganizationPlan, number):
        return Organization(
            slug=make_slug(plan.name_en, number),
            kind=plan.kind,
            website=make_website(plan.name_en, number) if plan.has_website else "",
            **translated("name", plan.name_en, plan.name_fr),
            **translated("acronym", plan.acronym),
            **plan.fields,
        )

    def index_organizations(self):
        self.by_kind: dict[str, list[OrganizationPlan]] = {}
        self.by_kind_country: dict[tuple[str, str], list[OrganizationPlan]] = {}
        for org in self.organizations:
            self.by_kind.setdefault(org.kind, []).append(org)
            self.by_kind_country.setdefault((org.kind, org.place.region.country), []).append(org)

    def pick_organization(self, rng, kinds, taken=(), *, abroad_from=None):
        """An organization of one of `kinds`, not in `taken` (a set of `id()`s).

        With `abroad_from`, one from another country when there is one of that kind.
        Falls back to other kinds when a kind has no organization yet (small datasets).
        """
        for _ in range(10):
            kind = rng.choice(kinds)
            pool = None
            if abroad_from:
                countries = [
                    code
                    for code in COUNTRY_CODES
                    if code != abroad_from and (kind, code) in self.by_kind_country
                ]
                if countries:
                    pool = self.by_kind_country[(kind, rng.choice(countries))]
            org = rng.choice(pool or self.by_kind.get(kind) or self.organizations)
            if id(org) not in taken:
                return org
        return next(org for org in self.organizations if id(org) not in taken)

    # Agreements

    def plan_agreements(self, events):
        rng = self.rng("agreements")
        signatory_kinds = list(SIGNATORY_KIND_WEIGHTS)
        signatory_weights = list(SIGNATORY_KIND_WEIGHTS.values())
        extra_weights = [weight for _role, weight, _kinds in EXTRA_PARTY_ROLES]
        hosts = [
            e
            for e in events
            if e.series is None
            and e.kind in ("conference", "convention", "trade_mission", "official_meeting")
            and e.precision == "day"
            and e.start_date < ANCHOR
        ]
        years = list(range(AGREEMENT_WINDOW[0].year, AGREEMENT_WINDOW[1].year + 1))
        # More agreements in recent years.
        year_weights = [1 + (year - years[0]) * 0.25 for year in years]
        plans = []
        for _ in range(self.counts["agreements"]):
            status = rng.choices(["draft", "in_negotiation", "signed"], [5, 7, 88])[0]
            signed_on, precision = None, "day"
            # A few signed agreements are known without their date.
            if status == "signed" and rng.random() >= 0.04:
                year = rng.choices(years, year_weights)[0]
                day = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))
                precision = rng.choices(["day", "month", "year"], [60, 30, 10])[0]
                signed_on = truncate(min(day, AGREEMENT_WINDOW[1]), precision)
            plan = AgreementPlan(
                kind=rng.choices(*zip(*AGREEMENT_KINDS, strict=True))[0],
                parties=[],
                domain=rng.choice(DOMAINS),
                signed_on=signed_on,
                precision=precision,
                status=status,
            )
            renewed = self.pick_renewed(rng, plans, plan) if rng.random() < 0.08 else None
            if renewed:
                plan.renews = renewed
                plan.kind = "renewal" if rng.random() < 0.8 else renewed.kind
                plan.domain = renewed.domain
                signatories = renewed.signatories
            else:
                first = self.pick_organization(rng, rng.choices(signatory_kinds, signatory_weights))
                signatories = [first]
                for _ in range(2 if rng.random() < 0.1 else 1):
                    # Mostly cross-border, which is what the portal is for.
                    abroad = first.place.region.country if rng.random() < 0.75 else None
                    signatories.append(
                        self.pick_organization(
                            rng,
                            rng.choices(signatory_kinds, signatory_weights),
                            {id(org) for org in signatories},
                            abroad_from=abroad,
                        )
                    )
            for org in signatories:
                title = rng.choice(SIGNER_TITLES) if rng.random() < 0.35 else None
                plan.parties.append((org, "signatory", title))
            extra = rng.choices([0, 1, 2, 3], [35, 45, 15, 5])[0]
            for _ in range(min(extra, len(self.organizations) - len(plan.parties))):
                role, _weight, kinds = rng.choices(EXTRA_PARTY_ROLES, extra_weights)[0]
                plan.parties.append((self.pick_organization(rng, kinds, plan.taken()), role, None))
            self.place_signing(rng, plan, hosts)
            self.settle_status(rng, plan)
            plan.theme_ids = rng.sample(self.sectors, min(len(self.sectors), rng.randint(0, 3)))
            self.describe_agreement(rng, plan)
            plans.append(plan)
        return plans

    def pick_renewed(self, rng, plans, plan):
        if not plan.signed_on or not plans:
            return None
        for _ in range(5):
            earlier = rng.choice(plans)
            if earlier.signed_on and earlier.signed_on < plan.signed_on:
                return earlier
        return None

    def place_signing(self, rng, plan, hosts):
        if not plan.signed_on:
            return
        after = plan.renews.signed_on if plan.renews else None
        if hosts and rng.random() < 0.08:
            # Signed during a conference or a mission, as BIOQuébec and MassBio did at BIO.
            host = rng.choice(hosts)
            if after is None or host.start_date > after:
                plan.signing_event = host
                plan.signed_on, plan.precision = host.start_date, "day"
                plan.signing_place = (host.place.city.en, host.place.city.fr)
                host.related_agreements.append(plan)
                return
        if rng.random() < 0.4:
            c = plan.signatories[0].place.city
            plan.signing_place = (c.en, c.fr)

    def settle_status(self, rng, plan):
        """Effective dates, term and a status that agree with each other on ANCHOR."""
        if plan.status != "signed" or plan.signed_on is None:
            return
        if rng.random() < 0.55:
            plan.term_months = rng.choice([12, 24, 36, 36, 48, 60, 60])
            plan.effective_from = plan.signed_on
            end = add_months(plan.signed_on, plan.term_months) - datetime.timedelta(days=1)
            if rng.random() < 0.3:
                plan.effective_until = end
            if end < ANCHOR:
                plan.status = "expired" if rng.random() < 0.85 else "terminated"
            else:
                plan.status = rng.choices(["in_force", "signed", "terminated"], [65, 30, 5])[0]
        else:
            if rng.random() < 0.5:
                plan.effective_from = plan.signed_on
            plan.status = rng.choices(["in_force", "signed", "terminated"], [55, 35, 10])[0]

    def describe_agreement(self, rng, plan):
        signatories = plan.signatories
        if plan.renews:
            root_en, root_fr = plan.root_title = plan.renews.root_title
            when = f" {plan.signed_on.year}" if plan.signed_on else ""
            title = (f"{root_en} — renewal{when}", f"{root_fr} — renouvellement{when}")
        else:
            template_en, template_fr = AGREEMENT_TITLES[plan.kind]
            title = plan.root_title = (
                template_en.format(
                    parties=" – ".join(org.short_en for org in signatories),
                    domain_en=plan.domain.en.lower(),
                ),
                template_fr.format(
                    parties=" – ".join(org.short_fr for org in signatories),
                    domain_fr=plan.domain.fr,
                ),
            )
        plan.title = (clip(title[0], 300), clip(title[1], 300))
        a, b = signatories[0], signatories[-1]
        if rng.random() < 0.7:
            plan.summary = (
                f"{a.name_en} and {b.name_en} agree to work together on {plan.domain.en.lower()}.",
                f"{a.name_fr} et {b.name_fr} s'engagent à collaborer en {plan.domain.fr}.",
            )
        if rng.random() < 0.3:
            plan.objectives = rng.choice(OBJECTIVES)

    def build_agreement(self, plan: AgreementPlan, number):
        a, b = plan.signatories[0], plan.signatories[-1]
        return Agreement(
            slug=make_slug(f"{plan.kind} {a.short_en} {b.short_en}", number),
            kind=plan.kind,
            status=plan.status,
            signed_on=plan.signed_on,
            signed_on_precision=plan.precision,
            signing_event_id=plan.signing_event.id if plan.signing_event else None,
            effective_from=plan.effective_from,
            effective_until=plan.effective_until,
            term_months=plan.term_months,
            **translated("title", *plan.title),
            **translated("summary", *plan.summary),
            **translated("objectives", *plan.objectives),
            **translated("signing_place", *(plan.signing_place or ("", ""))),
        )

    # Events

    def plan_series(self, rng):
        n_events = self.counts["events"]
        if n_events < 10:
            return []
        plans = []
        for _ in range(min(SERIES_COUNT, max(1, n_events // 600))):
            f = rng.choice(DOMAINS)
            organizer = self.pick_organization(
                rng, ("association", "cluster", "alliance", "university")
            )
            place = organizer.place
            c = place.city
            name_en, name_fr = rng.choice(
                [
                    (f"{c.en} {f.en} Summit", f"Sommet {of(c.fr)} sur {f.fr_the}"),
                    (f"{f.en} Days {c.en}", f"Journées {f.fr_of_the} {of(c.fr)}"),
                    (
                        f"{place.country.adjective} {f.en} Forum",
                        f"Forum {place.country.of_fr} sur {f.fr_the}",
                    ),
                ]
            )
            plans.append(
                SeriesPlan(
                    name_en=name_en,
                    name_fr=name_fr,
                    kind=rng.choice(["conference", "convention", "symposium"]),
                    domain=f,
                    place=place,
                    organizer=organizer,
                    description=(
                        f"A yearly meeting on {f.en.lower()} first held in {c.en}.",
                        f"Un rendez-vous annuel sur {f.fr_the}, né à {c.fr}.",
                    ),
                )
            )
        return plans

    def plan_series_events(self, rng, series):
        plans = []
        for s in series:
            month = rng.randint(1, 12)
            lengths, weights = EVENT_DAYS.get(s.kind, ((1,), (1,)))
            days = rng.choices(lengths, weights)[0]
            rotates = rng.random() < 0.4
            for year in range(rng.randint(2016, 2024), EVENT_WINDOW[1].year + 1):
                if rng.random() < 0.1:
                    continue  # a year without an edition
                place = self.random_place(rng) if rotates else s.place
                precision = "day" if rng.random() < 0.9 else "month"
                start = datetime.date(year, month, rng.randint(1, 28 - days))
                end = start + datetime.timedelta(days=days - 1) if days > 1 else None
                if precision == "month":
                    start, end = start.replace(day=1), None
                roles = [(s.organizer, "organizer")]
                self.add_participants(rng, roles, rng.randint(0, 3))
                plans.append(
                    EventPlan(
                        kind=s.kind,
                        name_en=s.name_en,
                        name_fr=s.name_fr,
                        edition=str(year),
                        series=s,
                        start_date=start,
                        end_date=end,
                        precision=precision,
                        place=place,
                        time_zone=place.region.time_zone,
                        roles=roles,
                        venue=self.venue(rng, place) if precision == "day" else "",
                    )
                )
        return plans[: self.counts["events"] // 5]

    def add_participants(self, rng, roles, count, kinds=None):
        kinds = kinds or ("company", "company", "university", "research_centre", "association")
        for _ in range(min(count, len(self.organizations) - len(roles))):
            taken = {id(org) for org, _role in roles}
            roles.append((self.pick_organization(rng, kinds, taken), "participant"))

    def plan_generic_event(self, rng):
        kind = rng.choices(list(GENERIC_EVENT_KINDS), list(GENERIC_EVENT_KINDS.values()))[0]
        f = rng.choice(DOMAINS)
        organizer_kinds = EVENT_ORGANIZER_KINDS[kind]
        organizer = self.pick_organization(rng, organizer_kinds)
        roles = [(organizer, "organizer")]
        if kind == "official_meeting":
            self.add_participants(rng, roles, 1, kinds=(*organizer_kinds, "association"))
        else:
            if rng.random() < 0.25:
                roles.append(
                    (self.pick_organization(rng, organizer_kinds, {id(organizer)}), "organizer")
                )
            self.add_participants(rng, roles, rng.choices([0, 1, 2, 3], [3, 3, 2, 1])[0])
        roles = roles[:4]
        home = organizer.place
        if kind == "trade_mission":
            place = self.random_place(rng)
            for _ in range(10):
                if place.region.country != home.region.country:
                    break
                place = self.random_place(rng)
        else:
            place = home if rng.random() < 0.8 else self.random_place(rng)
        c = place.city
        topic_en, topic_fr = rng.choice(TOPICS)
        guest = roles[-1][0]
        name_en, name_fr = {
            "conference": (f"{c.en} {f.en} Conference", f"Conférence {of(c.fr)} sur {f.fr_the}"),
            "convention": (
                f"{place.country.adjective} {f.en} Convention",
                f"Congrès {place.country.of_fr} sur {f.fr_the}",
            ),
            "trade_mission": (
                f"{home.country.adjective} {f.en.lower()} trade mission to {c.en}",
                f"Mission commerciale {home.country.of_fr} en {f.fr} à {c.fr}",
            ),
            "workshop": (
                f"Workshop: {topic_en} in {f.en.lower()}",
                f"Atelier : {topic_fr} en {f.fr}",
            ),
            "symposium": (f"{c.en} Symposium on {f.en}", f"Symposium {of(c.fr)} sur {f.fr_the}"),
            "official_meeting": (
                f"{organizer.short_en} – {guest.short_en} meeting",
                f"Rencontre {organizer.short_fr} – {guest.short_fr}",
            ),
            "webinar": (
                f"Webinar: {topic_en} in {f.en.lower()}",
                f"Webinaire : {topic_fr} en {f.fr}",
            ),
            "other": (
                f"{f.en} networking evening in {c.en}",
                f"Soirée de réseautage en {f.fr} à {c.fr}",
            ),
        }[kind]
        window_days = (EVENT_WINDOW[1] - EVENT_WINDOW[0]).days + 1
        start = EVENT_WINDOW[0] + datetime.timedelta(days=rng.randrange(window_days))
        lengths, weights = EVENT_DAYS.get(kind, ((1,), (1,)))
        days = rng.choices(lengths, weights)[0]
        end = start + datetime.timedelta(days=days - 1) if days > 1 else None
        precision = "day"
        if kind not in ("webinar", "official_meeting"):
            precision = rng.choices(["day", "month", "year"], [85, 10, 5])[0]
        if precision != "day":
            start, end = truncate(start, precision), None
        description = None
        if rng.random() < 0.6:
            kind_en, kind_fr = EVENT_KIND_WORDS[kind]
            description = (
                f"{kind_en} on {f.en.lower()}, organized by {organizer.name_en}.",
                f"{kind_fr} sur {f.fr_the}, organisation : {organizer.name_fr}.",
            )
        online = kind == "webinar"
        return EventPlan(
            kind=kind,
            name_en=name_en,
            name_fr=name_fr,
            edition=str(start.year)
            if kind in ("conference", "convention", "trade_mission")
            else "",
            start_date=start,
            end_date=end,
            precision=precision,
            place=None if online else place,
            time_zone=(home if online else place).region.time_zone,
            roles=roles,
            description=description,
            venue=self.venue(rng, place) if precision == "day" and not online else "",
            times=self.times(rng, kind, precision),
        )

    def venue(self, rng, place):
        if rng.random() < 0.4:
            return ""
        brand = rng.choice(BRAND_STARTS)
        if place.country.speaks_french or place.region.name == "Québec":
            c = place.city.fr
            choices = [
                f"Palais des congrès {of(c)}",
                f"Centre des congrès {of(c)}",
                f"Hôtel {brand}",
            ]
        else:
            c = place.city.en
            choices = [f"{c} Convention Centre", f"{c} Exhibition Centre", f"{brand} Hotel {c}"]
        return rng.choice(choices)

    def times(self, rng, kind, precision):
        chance, start, end = TIMES.get(kind, (0, None, None))
        if precision == "day" and rng.random() < chance:
            return start, end
        return None

    def plan_ceremonies(self, rng, agreements, budget):
        """Signing ceremonies for some agreements signed on a known day in the event window."""
        candidates = [
            a
            for a in agreements
            if a.signing_event is None
            and a.precision == "day"
            and a.signed_on
            and EVENT_WINDOW[0] <= a.signed_on < ANCHOR
        ]
        chosen = sorted(rng.sample(range(len(candidates)), min(budget, len(candidates) // 3)))
        plans = []
        for index in chosen:
            agreement = candidates[index]
            signatories = agreement.signatories
            place = signatories[0].place
            event = EventPlan(
                kind="signing_ceremony",
                name_en=clip(
                    "Signing ceremony: " + " – ".join(o.short_en for o in signatories), 200
                ),
                name_fr=clip(
                    "Cérémonie de signature : " + " – ".join(o.short_fr for o in signatories), 200
                ),
                start_date=agreement.signed_on,
                precision="day",
                place=place,
                time_zone=place.region.time_zone,
                roles=[
                    (org, "organizer" if role == "signatory" else "participant")
                    for org, role, _title in agreement.parties
                ][:4],
                related_agreements=[agreement],
                venue=self.venue(rng, place),
                times=self.times(rng, "signing_ceremony", "day"),
            )
            agreement.signing_event = event
            agreement.signing_place = (place.city.en, place.city.fr)
            plans.append(event)
        return plans

    def plan_follow_ups(self, rng, events, agreements):
        """Workshops and meetings that carry on the work of an earlier agreement."""
        signed = [a for a in agreements if a.signed_on]
        if not signed:
            return
        for event in events:
            if event.kind in ("workshop", "official_meeting", "webinar") and rng.random() < 0.1:
                agreement = rng.choice(signed)
                if (
                    agreement.signed_on < event.start_date
                    and agreement not in event.related_agreements
                ):
                    event.related_agreements.append(agreement)

    def build_series(self, plan: SeriesPlan, number):
        return Series(
            slug=make_slug(plan.name_en, number),
            website=make_website(plan.name_en, number),
            organizer_id=plan.organizer.id,
            **translated("name", plan.name_en, plan.name_fr),
            **translated("description", *plan.description),
        )

    def build_event(self, plan: EventPlan, number):
        slug = make_slug(f"{plan.name_en} {plan.edition}", number)
        values = {}
        if plan.place:
            values |= {
                "city": plan.place.city.name,
                "region": plan.place.region.name,
                "country": plan.place.region.country,
                "venue": plan.venue,
            }
        if plan.times:
            values["start_time"], values["end_time"] = plan.times
        if plan.kind == "webinar":
            values["online_url"] = f"https://meet.example/{slug}"
        if plan.start_date >= ANCHOR:
            values["registration_url"] = f"https://events.example/register/{slug}"
        rate = ("", "")
        if plan.kind in ("conference", "convention", "symposium") and number % 5 == 0:
            off = 10 + number % 4 * 5
            rate = (
                f"Member rate: {off}% off registration",
                f"Tarif membre : {off} % de réduction sur l'inscription",
            )
        return Event(
            slug=slug,
            kind=plan.kind,
            series_id=plan.series.id if plan.series else None,
            edition=plan.edition,
            start_date=plan.start_date,
            end_date=plan.end_date,
            date_precision=plan.precision,
            time_zone=plan.time_zone,
            **values,
            **translated("name", clip(plan.name_en, 200), clip(plan.name_fr, 200)),
            **translated("description", *(plan.description or ("", ""))),
            **translated("member_rate_note", *rate),
        )

    # Benefits

    def plan_benefits(self, agreements):
        rng = self.rng("benefits")
        eligible = [a for a in agreements if a.status not in ("draft", "in_negotiation")]
        eligible = eligible or agreements
        per_agreement = [0] * len(eligible)
        for _ in range(self.counts["benefits"]):
            per_agreement[rng.randrange(len(eligible))] += 1
        categories = list(BENEFIT_TEXTS)
        plans = []
        for agreement, count in zip(eligible, per_agreement, strict=True):
            rng.shuffle(categories)
            signatories = agreement.signatories
            for k in range(count):
                # Mostly granted to the members of every signatory, sometimes of one only.
                grantees = signatories if rng.random() < 0.7 else [rng.choice(signatories)]
                plans.append(
                    BenefitPlan(
                        agreement=agreement,
                        grantees=grantees,
                        fields=self.benefit_fields(rng, agreement, categories[k % len(categories)]),
                    )
                )
        return plans

    def benefit_fields(self, rng, agreement, category):
        template_en, template_fr = BENEFIT_TEXTS[category]
        place = rng.choice(agreement.signatories).place
        words = {
            "n": rng.choice([2, 3, 5, 6, 10, 15, 20]),
            "domain_en": agreement.domain.en.lower(),
            "domain_fr": agreement.domain.fr,
            "domain_fr_the": agreement.domain.fr_the,
            "city_en": place.city.en,
            "city_fr": place.city.fr,
        }
        valid_from = valid_until = None
        if rng.random() < 0.55:
            # Windows from the agreement's start: expired, current, or opening later.
            start = agreement.effective_from or agreement.signed_on or ANCHOR
            valid_from = start + datetime.timedelta(days=rng.randrange(365))
            if rng.random() < 0.1:
                valid_from = ANCHOR + datetime.timedelta(days=rng.randrange(1, 365))
            if rng.random() < 0.8:
                valid_until = valid_from + datetime.timedelta(days=rng.randrange(90, 1100))
            if rng.random() < 0.1:
                valid_from = None
        how_to_claim = rng.choice(HOW_TO_CLAIM) if rng.random() < 0.3 else ("", "")
        return {
            "category": category,
            "valid_from": valid_from,
            "valid_until": valid_until,
            **translated("description", template_en.format(**words), template_fr.format(**words)),
            **translated("how_to_claim", *how_to_claim),
        }

    def build_benefit(self, plan: BenefitPlan, number):
        return Benefit(agreement_id=plan.agreement.id, **plan.fields)


def delete_synthetic() -> dict[str, int]:
    """Delete the synthetic records and their dependants; return the counts by model.

    Agreements go first: their parties protect the organizations.
    """
    deleted: dict[str, int] = {}
    for model in (Agreement, Event, Series, Organization):
        queryset = model.objects.filter(slug__startswith=SLUG_PREFIX).only("pk")
        _total, by_model = queryset.delete()
        for label, count in by_model.items():
            deleted[label] = deleted.get(label, 0) + count
    return deleted


def synthetic_tables() -> list[str]:
    """The tables the generator writes to, for ANALYZE."""
    models: list[type[Model]] = [
        Sector,
        Organization,
        Organization.sectors.through,
        Series,
        Event,
        EventOrganization,
        Event.related_agreements.through,
        Agreement,
        Agreement.themes.through,
        Party,
        Benefit,
        Benefit.granted_to.through,
    ]
    return [model._meta.db_table for model in models]
