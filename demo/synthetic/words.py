"""What synthetic records are called and say, in English and French.

Name parts, word lists, and the templates of titles and descriptions.
"""

from dataclasses import dataclass


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
COMMITMENT_TEXTS = [
    ("Hold a joint workshop on {domain_en}", "Tenir un atelier conjoint en {domain_fr}"),
    (
        "Lead a joint trade mission to {city_en}",
        "Mener une mission commerciale conjointe à {city_fr}",
    ),
    (
        "Exchange a delegation of members each year",
        "Échanger chaque année une délégation de membres",
    ),
    ("Publish a joint report on {domain_en}", "Publier un rapport commun sur {domain_fr_the}"),
    (
        "Launch a joint call for projects in {domain_en}",
        "Lancer un appel à projets conjoint en {domain_fr}",
    ),
    (
        "Set up a steering committee that meets twice a year",
        "Mettre sur pied un comité directeur qui se réunit deux fois par an",
    ),
    (
        "Hold a joint activity at a convention in {city_en}",
        "Tenir une activité conjointe lors d'un congrès à {city_fr}",
    ),
]
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
