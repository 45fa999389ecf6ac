"""The demo data: what the five seed press releases say, and nothing more.

Facts (names, dates at their precision, places, roles, member counts, contacts)
come from the releases; descriptions are written for Passerelle in both
languages. What a release does not say is left empty. Records are keyed by slug
(or by their natural key) so that loading twice changes nothing.

Where a release implies rather than states a fact, the comment next to it says
how it was read.
"""

import datetime

D = datetime.date

SECTORS = [
    # slug, English, French
    ("biotechnology", "Biotechnology", "Biotechnologies"),
    ("cardiovascular", "Cardiovascular", "Cardiovasculaire"),
    ("cell-therapy", "Cell therapy", "Thérapie cellulaire"),
    ("contract-research", "Contract research", "Recherche contractuelle"),
    ("digital-health", "Digital health", "Santé numérique"),
    ("genomics", "Genomics", "Génomique"),
    ("health-care-organization", "Organization of care", "Organisation des soins"),
    ("infectiology", "Infectiology", "Infectiologie"),
    ("medical-technologies", "Medical technologies", "Technologies médicales"),
    ("neurosciences", "Neurosciences", "Neurosciences"),
    ("oncology", "Oncology", "Oncologie"),
    ("precision-medicine", "Precision medicine", "Médecine de précision"),
]

QC = {"region": "Québec", "country": "CA"}
ON = {"region": "Ontario", "country": "CA"}
MA = {"region": "Massachusetts", "country": "US"}
ARA = {"region": "Auvergne-Rhône-Alpes", "country": "FR"}

ORGANIZATIONS = [
    {
        "slug": "bioquebec",
        "name_en": "BIOQuébec",
        "kind": "association",
        "city": "Laval",  # the 2025 release is datelined Laval for BIOQuébec
        **QC,
        "website": "https://www.bioquebec.com/",
        "founded_year": 1991,
        "member_count": 270,
        "member_count_qualifier": "about",
        "member_count_as_of": D(2025, 3, 1),
        "member_count_as_of_precision": "month",
        "sectors": ["biotechnology", "medical-technologies"],
        "description_en": (
            "Québec's network for biotechnology and the life sciences: a not-for-profit "
            "association funded by its member companies and organizations. It speaks for "
            "the industry to governments, organizes networking and business development, "
            "and builds partnerships that help members lower their costs."
        ),
        "description_fr": (
            "Le réseau québécois des biotechnologies et des sciences de la vie : une "
            "association sans but lucratif financée par ses entreprises et organisations "
            "membres. Elle représente l'industrie auprès des gouvernements, anime le "
            "réseautage et le développement des affaires, et noue des partenariats qui "
            "réduisent les coûts de ses membres."
        ),
    },
    {
        "slug": "life-sciences-ontario",
        "name_en": "Life Sciences Ontario",
        "acronym_en": "LSO",
        "kind": "association",
        "city": "Toronto",  # the 2025 release is datelined Toronto for LSO
        **ON,
        "website": "https://lifesciencesontario.ca/",
        "sectors": ["biotechnology"],
        "description_en": (
            "The member-funded, not-for-profit voice of Ontario's life sciences sector. "
            "For more than three decades it has worked with governments, universities, "
            "industry and other life sciences groups in Canada and abroad to help "
            "companies succeed commercially, and it brings policy options to government."
        ),
        "description_fr": (
            "Organisation sans but lucratif financée par ses membres, porte-parole du "
            "secteur ontarien des sciences de la vie. Depuis plus de trois décennies, elle "
            "travaille avec les gouvernements, le milieu universitaire, l'industrie et "
            "d'autres acteurs du secteur, au Canada et ailleurs, pour favoriser la "
            "réussite commerciale des entreprises, et propose des options de politiques "
            "publiques."
        ),
    },
    {
        "slug": "massbio",
        "name_en": "MassBio",
        "kind": "association",
        "city": "Cambridge",
        **MA,
        "founded_year": 1985,
        "member_count": 1000,
        "member_count_qualifier": "more_than",
        "member_count_as_of": D(2017, 6, 21),
        "member_count_as_of_precision": "day",
        "sectors": ["biotechnology"],
        "description_en": (
            "The Massachusetts state biotechnology association, a not-for-profit based in "
            "Cambridge. Its members are biotech companies, academic institutions, disease "
            "foundations and other life sciences and health care organizations; it offers "
            "them programs, events, industry information and policy advocacy."
        ),
        "description_fr": (
            "L'association des biotechnologies de l'État du Massachusetts, organisme sans "
            "but lucratif établi à Cambridge. Ses membres sont des entreprises de "
            "biotechnologie, des établissements universitaires, des fondations vouées à des "
            "maladies et bien d'autres acteurs de la santé ; "
            "elle leur offre programmes, événements, information sectorielle et "
            "représentation."
        ),
    },
    {
        "slug": "montreal-invivo",
        "name_en": "Montréal InVivo",
        "kind": "cluster",
        "city": "Montréal",
        **QC,
        "website": "http://www.montreal-invivo.com/",
        "sectors": ["biotechnology", "medical-technologies", "neurosciences", "cardiovascular"],
        "description_en": (
            "The life sciences and health technology cluster of the Montréal region, and "
            "one of the three members of the BiopolisQuébec alliance. It helps the "
            "region's small and medium-sized companies reach international markets."
        ),
        "description_fr": (
            "La grappe montréalaise des technologies de la santé et des sciences de la vie, l'un des trois membres de l'alliance BiopolisQuébec. Elle aide "
            "les PME de la région à percer les marchés internationaux."
        ),
    },
    {
        "slug": "quebec-international",
        "name_en": "Québec International",
        "kind": "economic_development",
        "city": "Québec",
        **QC,
        "description_en": (
            "Economic development organization of the Québec City region and a member of "
            "the BiopolisQuébec alliance for the life sciences."
        ),
        "description_fr": (
            "Organisme de développement économique de la région de Québec, membre de "
            "l'alliance BiopolisQuébec pour les sciences de la vie."
        ),
    },
    {
        "slug": "sherbrooke-innopole",
        "name_en": "Sherbrooke Innopole",
        "kind": "economic_development",
        "city": "Sherbrooke",
        **QC,
        "description_en": (
            "Economic development organization of the Sherbrooke region and a member of "
            "the BiopolisQuébec alliance for the life sciences."
        ),
        "description_fr": (
            "Organisme de développement économique de la région de Sherbrooke, membre de "
            "l'alliance BiopolisQuébec pour les sciences de la vie."
        ),
    },
    {
        "slug": "biopolisquebec",
        "name_en": "BiopolisQuébec",
        "kind": "alliance",
        **QC,
        "sectors": ["biotechnology", "medical-technologies"],
        "description_en": (
            "An alliance of Montréal InVivo, Québec International and Sherbrooke Innopole "
            "that promotes Québec's life sciences and health technology sector abroad, "
            "from basic research to the market, by pooling the strengths of the three "
            "regions."
        ),
        "description_fr": (
            "Alliance de Montréal InVivo, de Québec International et de Sherbrooke Innopole "
            "qui fait valoir à l'étranger le secteur québécois des technologies de la santé "
            "et des sciences de la vie, de la recherche fondamentale jusqu'au marché, "
            "en mettant en commun les forces des trois régions."
        ),
    },
    {
        "slug": "quebec-oncopole",
        "name_en": "Québec Oncopole",
        "name_fr": "Oncopole du Québec",
        "kind": "cluster",
        **QC,
        "founded_year": 2017,
        "sectors": ["oncology"],
        "description_en": (
            "Québec's hub for cancer research, development and investment, set up in "
            "February 2017 by the Fonds de recherche du Québec – Santé with a founding "
            "investment from Merck Canada. It acts as a catalyst for the province's "
            "oncology researchers, entrepreneurs and clinicians, with patients as the "
            "end goal."
        ),
        "description_fr": (
            "Le pôle québécois de recherche, de développement et d'investissement contre "
            "le cancer, créé en février 2017 par le Fonds de recherche du Québec – Santé "
            "grâce à un investissement initial de Merck Canada. Il sert de catalyseur aux "
            "chercheurs, entrepreneurs et cliniciens québécois en oncologie, au bénéfice "
            "des patients."
        ),
    },
    {
        "slug": "clara",
        "name_en": "Lyon Auvergne Rhône-Alpes Cancer Cluster",
        "name_fr": "Cancéropôle Lyon Auvergne-Rhône-Alpes",
        "acronym_en": "CLARA",
        "kind": "cluster",
        "city": "Lyon",
        **ARA,
        "founded_year": 2003,
        "sectors": ["oncology"],
        "description_en": (
            "The cancer research cluster of Auvergne-Rhône-Alpes, created under France's "
            "national cancer plans with public funding. Since 2003 it has brought "
            "together academic, clinical and industrial teams of the region to move "
            "discoveries quickly to patients and to turn research into economic value."
        ),
        "description_fr": (
            "Le cancéropôle de la région Auvergne-Rhône-Alpes, issu des plans cancer "
            "nationaux et financé par les pouvoirs publics. Depuis 2003, il réunit les "
            "équipes universitaires, cliniques et industrielles de la région pour que les "
            "découvertes profitent vite aux patients et que la recherche crée de la valeur "
            "économique."
        ),
    },
    {
        "slug": "fondation-lea-et-napoleon-bullukian",
        "name_en": "Fondation Léa et Napoléon Bullukian",
        "kind": "foundation",
        "country": "FR",
        "description_en": "A charitable foundation; CLARA operates under its auspices.",
        "description_fr": "Fondation caritative sous l'égide de laquelle est placé le CLARA.",
    },
    {
        "slug": "frqs",
        "name_en": "Fonds de recherche du Québec – Santé",
        "acronym_en": "FRQS",
        "kind": "funding_body",
        **QC,
        "description_en": "Québec's public health research fund; it led the creation of the Oncopole.",
        "description_fr": (
            "Le fonds public québécois de recherche en santé ; il a piloté la création de "
            "l'Oncopole."
        ),
    },
    {
        "slug": "merck-canada",
        "name_en": "Merck Canada",
        "kind": "company",
        "country": "CA",
        "description_en": "Pharmaceutical company whose initial investment made the Oncopole possible.",
        "description_fr": (
            "Société pharmaceutique dont l'investissement initial a rendu l'Oncopole possible."
        ),
    },
    {
        "slug": "chief-scientist-of-quebec",
        "name_en": "Chief Scientist of Québec",
        "name_fr": "Scientifique en chef du Québec",
        "kind": "government",
        **QC,
    },
    {
        "slug": "universite-de-montreal",
        "name_en": "Université de Montréal",
        "kind": "university",
        "city": "Montréal",
        **QC,
    },
    {
        "slug": "mcgill-university",
        "name_en": "McGill University",
        "name_fr": "Université McGill",
        "kind": "university",
        "city": "Montréal",
        **QC,
    },
    {
        "slug": "universite-de-sherbrooke",
        "name_en": "Université de Sherbrooke",
        "kind": "university",
        "city": "Sherbrooke",
        **QC,
    },
    {
        "slug": "universite-laval",
        "name_en": "Université Laval",
        "kind": "university",
        "city": "Québec",
        **QC,
    },
    {
        "slug": "universite-de-lyon",
        "name_en": "Université de Lyon",
        "kind": "university",
        "city": "Lyon",
        **ARA,
    },
    {
        "slug": "universite-saint-etienne",
        "name_en": "Université Saint-Etienne",
        "kind": "university",
        "city": "Saint-Étienne",
        **ARA,
    },
    {
        "slug": "universite-grenoble",
        "name_en": "Université Grenoble",
        "kind": "university",
        "city": "Grenoble",
        **ARA,
    },
    {
        "slug": "universite-clermont-ferrand",
        "name_en": "Université Clermont-Ferrand",
        "kind": "university",
        "city": "Clermont-Ferrand",
        **ARA,
    },
    {
        "slug": "iric",
        "name_en": "Institute for Research in Immunology and Cancer",
        "name_fr": "Institut de recherche en immunologie et en cancérologie",
        "acronym_en": "IRIC",
        "kind": "research_centre",
        "city": "Montréal",
        **QC,
        "sectors": ["oncology"],
        "description_en": "Research institute whose communications team handled media for the Oncopole.",
        "description_fr": (
            "Institut de recherche dont l'équipe des communications a relayé l'Oncopole "
            "auprès des médias."
        ),
    },
    {
        "slug": "inca",
        "name_en": "National Cancer Institute (France)",
        "name_fr": "Institut national du cancer",
        "acronym_en": "INCa",
        "kind": "government",
        "country": "FR",
    },
    {
        "slug": "erdf",
        "name_en": "European Regional Development Fund",
        "name_fr": "Fonds européen de développement régional",
        "acronym_en": "ERDF",
        "acronym_fr": "FEDER",
        "kind": "funding_body",
    },
    {
        "slug": "centre-jacques-cartier",
        "name_en": "Centre Jacques Cartier",
        "kind": "association",
        "description_en": (
            "Organizer of the Entretiens Jacques Cartier, and a long-standing symbol of "
            "cooperation between Canada and France."
        ),
        "description_fr": (
            "Organisateur des Entretiens Jacques Cartier, devenu un symbole de la "
            "coopération entre le Canada et la France."
        ),
    },
    {
        "slug": "ccmm",
        "name_en": "Chamber of Commerce of Metropolitan Montreal",
        "name_fr": "Chambre de commerce du Montréal métropolitain",
        "acronym_en": "CCMM",
        "kind": "chamber_of_commerce",
        "city": "Montréal",
        **QC,
    },
    {
        "slug": "acclr",
        "name_en": "Acclr",
        "kind": "chamber_of_commerce",
        "city": "Montréal",
        **QC,
        "description_en": (
            "Business services team of the Chamber of Commerce of Metropolitan Montreal; "
            "its experts joined the November 2016 trade mission to Lyon."
        ),
        "description_fr": (
            "Équipe de services aux entreprises de la Chambre de commerce du Montréal "
            "métropolitain ; ses experts ont pris part à la mission commerciale de "
            "novembre 2016 à Lyon."
        ),
    },
    {
        "slug": "lyonbiopole",
        "name_en": "Lyonbiopôle",
        "kind": "cluster",
        "city": "Lyon",
        **ARA,
        "sectors": ["infectiology", "precision-medicine"],
        "description_en": (
            "Competitiveness cluster in Lyon that helps technological innovation emerge "
            "and grow, including personalized medicine products and services for patients."
        ),
        "description_fr": (
            "Pôle de compétitivité lyonnais qui fait émerger et grandir l'innovation "
            "technologique, notamment les produits et services de médecine personnalisée "
            "au service des patients."
        ),
    },
    {
        "slug": "i-care-cluster",
        "name_en": "i-Care Cluster",
        "kind": "cluster",
        **ARA,
        "sectors": ["medical-technologies"],
        "description_en": (
            "Brings together every link of the health technology value chain in "
            "Auvergne-Rhône-Alpes."
        ),
        "description_fr": (
            "Réunit tous les maillons de la chaîne de valeur des technologies de la santé "
            "en Auvergne-Rhône-Alpes."
        ),
    },
    {
        "slug": "montreal-international",
        "name_en": "Montréal International",
        "kind": "economic_development",
        "city": "Montréal",
        **QC,
    },
    {
        "slug": "cite-de-la-biotech",
        "name_en": "Cité de la Biotech",
        "kind": "cluster",
        **QC,
    },
    {
        "slug": "ville-de-montreal",
        "name_en": "City of Montréal",
        "name_fr": "Ville de Montréal",
        "kind": "government",
        "city": "Montréal",
        **QC,
    },
    {
        "slug": "ville-de-lyon",
        "name_en": "City of Lyon",
        "name_fr": "Ville de Lyon",
        "kind": "government",
        "city": "Lyon",
        **ARA,
    },
    {
        "slug": "quebec-delegation-in-boston",
        "name_en": "Québec Delegation in Boston",
        "name_fr": "Délégation du Québec à Boston",
        "kind": "government",
        "city": "Boston",
        **MA,
    },
    {
        "slug": "dpi-mesi",
        "name_en": "DPI-MESI",
        "kind": "government",
        **QC,
        "description_en": (
            "Investment prospecting team of Québec's ministry of the economy, science and "
            "innovation (MESI)."
        ),
        "description_fr": (
            "Direction de la prospection des investissements du ministère de l'Économie, "
            "de la Science et de l'Innovation du Québec (MESI)."
        ),
    },
]

RELATIONSHIPS = [
    # subject, kind, object, extra fields
    ("biopolisquebec", "alliance_of", "montreal-invivo", {}),
    ("biopolisquebec", "alliance_of", "quebec-international", {}),
    ("biopolisquebec", "alliance_of", "sherbrooke-innopole", {}),
    ("clara", "under_auspices_of", "fondation-lea-et-napoleon-bullukian", {}),
    ("clara", "funded_by", "inca", {}),
    ("clara", "funded_by", "erdf", {}),
    (
        "quebec-oncopole",
        "created_by",
        "frqs",
        {"since": D(2017, 2, 1), "since_precision": "month"},
    ),
    (
        "quebec-oncopole",
        "funded_by",
        "merck-canada",
        {
            "note_en": "Initial investment of $15 million.",
            "note_fr": "Investissement initial de 15 millions de dollars.",
        },
    ),
    (
        "ville-de-montreal",
        "sister_city_of",
        "ville-de-lyon",
        {"since": D(1989, 1, 1), "since_precision": "year"},
    ),
    ("acclr", "part_of", "ccmm", {}),
]

# Press and media contacts published for reporters are public; executives' direct
# lines and addresses are kept for members; names and titles alone are public.
CONTACTS = [
    {
        "organization": "iric",
        "name": "Catherine Cardinal",
        "title_en": "Chief, Communication and Media Relations",
        "title_fr": "Cheffe, communications et relations avec les médias",
        "phone": "514 343-6111, ext. 41299",
        "visibility": "public",
    },
    {
        "organization": "iric",
        "name": "Léa Guicheteau",
        "title_en": "Communications and media relations advisor",
        "title_fr": "Conseillère en communication et relations avec les médias",
        "phone": "514-550-7494",
        "visibility": "public",
    },
    {
        "organization": "montreal-invivo",
        "name": "Frank Béraud",
        "title_en": "Chief Executive Officer",
        "title_fr": "Président-directeur général",
        "phone": "514 987 9389",
        "email": "fberaud@montreal-invivo.com",
        "visibility": "members",
    },
    {
        "organization": "life-sciences-ontario",
        "name": "Jason Field",
        "title_en": "President and Chief Executive Officer",
        "title_fr": "Président-directeur général",
        "phone": "416 426 7293",
        "email": "jason.field@lifesciencesontario.ca",
        "visibility": "members",
    },
    {
        "organization": "bioquebec",
        "name": "Benoît Larose",
        "title_en": "President and Chief Executive Officer",
        "title_fr": "Président-directeur général",
        "visibility": "public",
    },
    {
        "organization": "bioquebec",
        "name": "Anie Perrault",
        "title_en": "Executive Director (2017)",
        "title_fr": "Directrice générale (2017)",
        "visibility": "public",
    },
    {
        "organization": "massbio",
        "name": "Robert K. Coughlin",
        "title_en": "President and Chief Executive Officer",
        "title_fr": "Président-directeur général",
        "visibility": "public",
    },
    {
        "organization": "chief-scientist-of-quebec",
        "name": "Rémi Quirion",
        "title_en": "Chief Scientist of Québec",
        "title_fr": "Scientifique en chef du Québec",
        "visibility": "public",
    },
    {
        "organization": "clara",
        "name": "Olivier Exertier",
        "title_en": "Secretary-General",
        "title_fr": "Secrétaire général",
        "visibility": "public",
    },
    {
        "organization": "clara",
        "name": "Véronique Trillet-Lenoir",
        "title_en": "Chair of the Management Committee",
        "title_fr": "Présidente du comité de direction",
        "visibility": "public",
    },
]

SERIES = [
    {
        "slug": "entretiens-jacques-cartier",
        "name_en": "Entretiens Jacques Cartier",
        "organizer": "centre-jacques-cartier",
        "description_en": (
            "A yearly programme of some twenty conferences and events on "
            "interdisciplinary themes — life sciences, digital technology, finance, "
            "entrepreneurship — and one of the largest meetings of French-speaking "
            "leaders from business, academia and culture."
        ),
        "description_fr": (
            "Un programme annuel d'une vingtaine de colloques et d'événements aux thèmes "
            "interdisciplinaires — sciences de la vie, numérique, finance, "
            "entrepreneuriat — et l'un des plus grands rassemblements de décideurs "
            "francophones des affaires, du savoir et de la culture."
        ),
    },
    {
        "slug": "bio-international-convention",
        "name_en": "BIO International Convention",
        "name_fr": "Congrès international BIO",
        "description_en": "The yearly international convention of the biotechnology industry.",
        "description_fr": "Le congrès international annuel de l'industrie des biotechnologies.",
    },
    {
        "slug": "biovision",
        "name_en": "Biovision World Life Sciences Forum",
        "name_fr": "Biovision, forum mondial des sciences de la vie",
        "description_en": "A world life sciences forum held in Lyon.",
        "description_fr": "Un forum mondial des sciences de la vie tenu à Lyon.",
    },
    {
        "slug": "alternating-meetings-quebec-france",
        "name_en": "Alternating Meetings of the Prime Ministers of Québec and France",
        "name_fr": "Rencontres alternées des premiers ministres du Québec et de la France",
        "description_en": "Regular meetings of the heads of government of Québec and France.",
        "description_fr": "Rencontres régulières des chefs de gouvernement du Québec et de la France.",
    },
]

PARIS = "Europe/Paris"
MONTREAL = "America/Toronto"
BOSTON = "America/New_York"

EVENTS = [
    {
        "slug": "alternating-meeting-paris-2018",
        "name_en": "Alternating Meeting of the Prime Ministers of Québec and France",
        "name_fr": "Rencontre alternée des premiers ministres du Québec et de la France",
        "series": "alternating-meetings-quebec-france",
        "edition": "2018",
        "kind": "official_meeting",
        "start_date": D(2018, 3, 8),
        "date_precision": "day",
        "time_zone": PARIS,
        "venue": "Hôtel de Matignon",
        "city": "Paris",
        "region": "Île-de-France",
        "country": "FR",
        "participants": ["chief-scientist-of-quebec", "clara", "quebec-oncopole"],
        "description_en": (
            "During this meeting, Québec's Chief Scientist met CLARA's leaders and the "
            "CLARA – Québec Oncopole agreement was signed."
        ),
        "description_fr": (
            "Lors de cette rencontre, le scientifique en chef du Québec a rencontré la "
            "direction du CLARA et l'entente CLARA – Oncopole du Québec a été signée."
        ),
    },
    {
        "slug": "entretiens-jacques-cartier-2018",
        "name_en": "Entretiens Jacques Cartier",
        "series": "entretiens-jacques-cartier",
        "edition": "2018",
        "kind": "conference",
        "start_date": D(2018, 11, 1),
        "date_precision": "month",
        "time_zone": PARIS,
        **ARA,
        "organizers": ["centre-jacques-cartier"],
        "related_agreements": ["clara-quebec-oncopole-2018"],
        "description_en": (
            "The 2018 edition in Auvergne-Rhône-Alpes, where CLARA and the Québec Oncopole "
            "planned their first joint scientific symposium."
        ),
        "description_fr": (
            "L'édition 2018 en Auvergne-Rhône-Alpes, où le CLARA et l'Oncopole du Québec "
            "prévoyaient leur premier symposium scientifique commun."
        ),
    },
    {
        # The interview is undated; the mission is November 2016, since it speaks
        # of Biovision "in April 2017" and of the Entretiens' "next edition" in 2017.
        "slug": "montreal-trade-mission-lyon-2016",
        "name_en": "Montréal life sciences trade mission to Lyon",
        "name_fr": "Mission commerciale montréalaise en sciences de la vie à Lyon",
        "edition": "2016",
        "kind": "trade_mission",
        "start_date": D(2016, 11, 21),
        "end_date": D(2016, 11, 23),
        "date_precision": "day",
        "time_zone": PARIS,
        "city": "Lyon",
        **ARA,
        "participants": ["acclr", "montreal-invivo"],
        "description_en": (
            "Three days in Lyon for Montréal's life sciences and health technology "
            "organizations, ending with the signing of an agreement with their Lyon "
            "counterparts."
        ),
        "description_fr": (
            "Trois jours à Lyon pour les organisations montréalaises des technologies de la "
            "santé et des sciences de la vie, conclus par la signature d'une entente avec "
            "leurs homologues lyonnais."
        ),
    },
    {
        "slug": "biovision-2017",
        "name_en": "Biovision World Life Sciences Forum",
        "name_fr": "Biovision, forum mondial des sciences de la vie",
        "series": "biovision",
        "edition": "2017",
        "kind": "conference",
        "start_date": D(2017, 4, 1),
        "date_precision": "month",
        "time_zone": PARIS,
        "city": "Lyon",
        **ARA,
        "related_agreements": ["montreal-lyon-2016"],
        "description_en": "Montréal InVivo planned to send a Montréal delegation to this forum.",
        "description_fr": ("Montréal InVivo prévoyait d'y envoyer une délégation montréalaise."),
    },
    {
        "slug": "entretiens-jacques-cartier-2017",
        "name_en": "Entretiens Jacques Cartier",
        "series": "entretiens-jacques-cartier",
        "edition": "2017",
        "kind": "conference",
        "start_date": D(2017, 1, 1),
        "date_precision": "year",
        "organizers": ["centre-jacques-cartier"],
    },
    {
        "slug": "biopolisquebec-lso-toronto-2011",
        "name_en": "BiopolisQuébec – Life Sciences Ontario meeting in Toronto",
        "name_fr": "Rencontre BiopolisQuébec – Life Sciences Ontario à Toronto",
        "kind": "other",
        "start_date": D(2011, 12, 6),
        "date_precision": "day",
        "time_zone": MONTREAL,
        "city": "Toronto",
        **ON,
        "organizers": ["biopolisquebec", "life-sciences-ontario"],
        "related_agreements": ["biopolisquebec-lso-mou"],
        "description_en": "The first event held under the two organizations' memorandum of understanding.",
        "description_fr": "Le premier événement tenu dans le cadre du protocole d'entente des deux organisations.",
    },
    {
        "slug": "quebec-ontario-corridor-workshop-2012",
        "name_en": "Québec – Ontario life sciences corridor strategic workshop",
        "name_fr": "Atelier stratégique du corridor Québec – Ontario des sciences de la vie",
        "kind": "workshop",
        "start_date": D(2012, 6, 6),
        "date_precision": "day",
        "time_zone": MONTREAL,
        "city": "Montréal",
        **QC,
        "organizers": ["biopolisquebec", "life-sciences-ontario"],
        "related_agreements": ["biopolisquebec-lso-mou"],
        "description_en": (
            "Members of both organizations laid the groundwork for a joint, industry-led "
            "strategy to make the Québec – Ontario corridor one of the world's most "
            "competitive life sciences clusters."
        ),
        "description_fr": (
            "Les membres des deux organisations ont jeté les bases d'une stratégie commune, "
            "menée par l'industrie, pour hisser le corridor Québec – Ontario parmi les "
            "grappes des sciences de la vie les plus concurrentielles au monde."
        ),
    },
    {
        "slug": "bio-2012",
        "name_en": "BIO International Convention",
        "name_fr": "Congrès international BIO",
        "series": "bio-international-convention",
        "edition": "2012",
        "kind": "convention",
        "start_date": D(2012, 6, 1),
        "date_precision": "month",
        "related_agreements": ["biopolisquebec-lso-mou"],
    },
    {
        "slug": "bio-2017",
        "name_en": "BIO International Convention",
        "name_fr": "Congrès international BIO",
        "series": "bio-international-convention",
        "edition": "2017",
        "kind": "convention",
        "start_date": D(2017, 6, 1),
        "date_precision": "month",
        "time_zone": "America/Los_Angeles",
        "city": "San Diego",
        "region": "California",
        "country": "US",
        "participants": ["bioquebec", "massbio"],
    },
    {
        "slug": "bioquebec-mission-boston-2016",
        "name_en": "Québec life sciences mission to Boston",
        "name_fr": "Mission québécoise en sciences de la vie à Boston",
        "edition": "2016",
        "kind": "trade_mission",
        "start_date": D(2016, 3, 1),
        "date_precision": "month",
        "time_zone": BOSTON,
        "city": "Boston",
        **MA,
        "organizers": ["quebec-delegation-in-boston", "dpi-mesi"],
        "participants": ["bioquebec"],
        "related_agreements": ["bioquebec-massbio-2017"],
    },
    {
        "slug": "massbio-delegation-quebec-2016",
        "name_en": "MassBio delegation visit to Québec",
        "name_fr": "Visite d'une délégation de MassBio au Québec",
        "edition": "2016",
        "kind": "trade_mission",
        "start_date": D(2016, 9, 1),
        "date_precision": "month",
        "time_zone": MONTREAL,
        **QC,
        "organizers": ["bioquebec", "quebec-delegation-in-boston", "dpi-mesi"],
        "participants": ["massbio"],
        "related_agreements": ["bioquebec-massbio-2017"],
    },
    {
        "slug": "bio-2018",
        "name_en": "BIO International Convention",
        "name_fr": "Congrès international BIO",
        "series": "bio-international-convention",
        "edition": "2018",
        "kind": "convention",
        "start_date": D(2018, 1, 1),
        "date_precision": "year",
        "time_zone": BOSTON,
        "city": "Boston",
        **MA,
        "related_agreements": ["bioquebec-massbio-2017"],
        "description_en": "The 2018 edition in Boston, with Québec's life sciences industry in the spotlight.",
        "description_fr": (
            "L'édition 2018 à Boston, qui met en vedette l'industrie québécoise des "
            "sciences de la vie."
        ),
    },
]

AGREEMENTS = [
    {
        "slug": "clara-quebec-oncopole-2018",
        "title_en": "CLARA – Québec Oncopole cancer research collaboration agreement",
        "title_fr": "Entente de collaboration en recherche sur le cancer CLARA – Oncopole du Québec",
        "kind": "cooperation",
        "status": "signed",
        "signed_on": D(2018, 3, 8),
        "signed_on_precision": "day",
        "signing_place_en": "Hôtel de Matignon, Paris",
        "signing_event": "alternating-meeting-paris-2018",
        "themes": [
            "oncology",
            "genomics",
            "precision-medicine",
            "cell-therapy",
            "health-care-organization",
        ],
        "summary_en": (
            "A formal partnership between the cancer research hubs of Québec and "
            "Auvergne-Rhône-Alpes, with their universities, building on scientific ties "
            "between CLARA and Canada that go back to 2000 and more than 1,300 joint "
            "publications."
        ),
        "summary_fr": (
            "Un partenariat formel entre les pôles de recherche sur le cancer du Québec et "
            "d'Auvergne-Rhône-Alpes et leurs universités, dans le prolongement de liens "
            "scientifiques entre le CLARA et le Canada qui remontent à 2000 et de plus de "
            "1 300 publications communes."
        ),
        "objectives_en": (
            "Cross-fertilization on shared themes: cell therapy, cancer care delivery, and "
            "genomics with precision medicine. Joint research programs, "
            "mutual investment in student mobility scholarships, knowledge sharing and "
            "scientific symposiums bringing together experts of both regions."
        ),
        "objectives_fr": (
            "Favoriser le maillage sur des thèmes communs : génomique et médecine de "
            "précision, thérapie cellulaire et organisation des soins en cancérologie. "
            "Programmes de recherche conjoints, investissement mutuel dans des bourses de "
            "mobilité étudiante, partage de connaissances et symposiums scientifiques "
            "réunissant des experts des deux régions."
        ),
        "parties": [
            ("clara", "signatory"),
            ("quebec-oncopole", "signatory"),
            ("universite-de-montreal", "participant"),
            ("mcgill-university", "participant"),
            ("universite-de-sherbrooke", "participant"),
            ("universite-laval", "participant"),
            ("universite-de-lyon", "participant"),
            ("universite-saint-etienne", "participant"),
            ("universite-grenoble", "participant"),
            ("universite-clermont-ferrand", "participant"),
        ],
        "benefits": [
            {
                "category": "joint_research",
                "granted_to": ["clara", "quebec-oncopole"],
                "description_en": "Joint cancer research programs between Québec and Auvergne-Rhône-Alpes teams.",
                "description_fr": (
                    "Programmes conjoints de recherche sur le cancer entre équipes du Québec "
                    "et d'Auvergne-Rhône-Alpes."
                ),
            },
            {
                "category": "mobility",
                "granted_to": ["clara", "quebec-oncopole"],
                "description_en": "Student mobility scholarships funded by both partners.",
                "description_fr": "Bourses de mobilité étudiante financées par les deux partenaires.",
            },
            {
                "category": "information_sharing",
                "granted_to": ["clara", "quebec-oncopole"],
                "description_en": "Sharing of knowledge and good practices between the two hubs.",
                "description_fr": "Partage de connaissances et de bonnes pratiques entre les deux pôles.",
            },
            {
                "category": "event_access",
                "granted_to": ["clara", "quebec-oncopole"],
                "description_en": "Scientific symposiums gathering experts from both regions.",
                "description_fr": "Symposiums scientifiques réunissant des experts des deux régions.",
            },
        ],
        "commitments": [
            {
                "description_en": (
                    "Hold a first joint scientific symposium during the Entretiens Jacques "
                    "Cartier in Auvergne-Rhône-Alpes."
                ),
                "description_fr": (
                    "Tenir un premier symposium scientifique commun lors des Entretiens "
                    "Jacques Cartier en Auvergne-Rhône-Alpes."
                ),
                "due_on": D(2018, 11, 1),
                "due_on_precision": "month",
                "status": "planned",
            },
        ],
        "sources": [
            {
                "title": "Oncopole press release (CNW Telbec), Montréal",
                "language": "en",
                "published_on": D(2018, 3, 8),
                "published_on_precision": "day",
            },
        ],
    },
    {
        # Undated interview: signed at the end of the 21–23 November 2016 mission.
        "slug": "montreal-lyon-2016",
        "title_en": "Montréal InVivo – Lyonbiopôle – i-Care agreement on SME internationalization",
        "title_fr": (
            "Entente Montréal InVivo – Lyonbiopôle – i-Care pour l'internationalisation des PME"
        ),
        "kind": "cooperation",
        "status": "signed",
        "signed_on": D(2016, 11, 23),
        "signed_on_precision": "day",
        "signing_place_en": "Lyon",
        "signing_event": "montreal-trade-mission-lyon-2016",
        "themes": ["biotechnology", "medical-technologies"],
        "summary_en": (
            "Montréal and Lyon life sciences organizations renew their ties to give more "
            "support to companies in life sciences and health technologies as they expand "
            "abroad. The two cities have been twinned since 1989."
        ),
        "summary_fr": (
            "Des organisations des sciences de la vie de Montréal et de Lyon renouvellent "
            "leurs liens pour mieux soutenir les entreprises des technologies de la santé et "
            "des sciences de la vie dans leur développement à l'international. Les deux "
            "villes sont jumelées depuis 1989."
        ),
        "objectives_en": (
            "Support small and medium-sized companies in the first stages of their "
            "internationalization, in particular through soft landing."
        ),
        "objectives_fr": (
            "Accompagner les PME dans les premières étapes de leur internationalisation, "
            "notamment par l'atterrissage en douceur."
        ),
        "parties": [
            ("montreal-invivo", "signatory"),
            ("lyonbiopole", "signatory"),
            ("i-care-cluster", "signatory"),
            ("montreal-international", "facilitator"),
            ("cite-de-la-biotech", "facilitator"),
        ],
        "benefits": [
            {
                "category": "soft_landing",
                "granted_to": ["montreal-invivo", "lyonbiopole", "i-care-cluster"],
                "description_en": (
                    "Soft landing for companies entering the other market: a secure base "
                    "with access to facilities, specialists and personalized support."
                ),
                "description_fr": (
                    "Atterrissage en douceur pour les entreprises qui abordent l'autre "
                    "marché : un point de chute sûr avec accès à des installations, à des "
                    "spécialistes et à un accompagnement personnalisé."
                ),
            },
        ],
        "commitments": [
            {
                "description_en": (
                    "Lead a delegation from Montréal to Lyon for the Biovision forum."
                ),
                "description_fr": (
                    "Envoyer une délégation montréalaise au forum mondial des sciences de la "
                    "vie Biovision, à Lyon."
                ),
                "due_on": D(2017, 4, 1),
                "due_on_precision": "month",
                "status": "planned",
            },
        ],
        "sources": [
            {
                "title": "Interview with Frank Béraud, Chamber of Commerce of Metropolitan Montreal",
                "language": "en",
            },
        ],
    },
    {
        "slug": "biopolisquebec-lso-mou",
        "title_en": "BiopolisQuébec – Life Sciences Ontario memorandum of understanding",
        "title_fr": "Protocole d'entente BiopolisQuébec – Life Sciences Ontario",
        "kind": "mou",
        "status": "signed",
        "summary_en": (
            "The founding agreement of the Québec – Ontario life sciences corridor "
            "collaboration between BiopolisQuébec and Life Sciences Ontario. Its signing "
            "date is not known; a first event under it took place in Toronto on "
            "6 December 2011."
        ),
        "summary_fr": (
            "L'entente fondatrice de la collaboration entre BiopolisQuébec et Life Sciences "
            "Ontario dans le corridor Québec – Ontario des sciences de la vie. Sa date de "
            "signature n'est pas connue ; un premier événement a eu lieu à Toronto le "
            "6 décembre 2011."
        ),
        "objectives_en": (
            "Promote the excellence and competitiveness of the corridor; adapt to the "
            "new ways life sciences companies do research and development together; join forces on "
            "the sector's common challenges."
        ),
        "objectives_fr": (
            "Faire valoir l'excellence et la compétitivité du corridor ; tirer parti de "
            "l'évolution du modèle de R-D collaborative en sciences de la vie ; unir les "
            "forces face aux défis communs du secteur."
        ),
        "parties": [
            ("biopolisquebec", "signatory"),
            ("life-sciences-ontario", "signatory"),
        ],
        "commitments": [
            {
                "description_en": (
                    "Summarize the strategic objectives, draw up a plan forward and share it "
                    "during the BIO International Convention."
                ),
                "description_fr": (
                    "Résumer les objectifs stratégiques, établir un plan d'action et le "
                    "présenter au Congrès international BIO."
                ),
                "due_on": D(2012, 6, 1),
                "due_on_precision": "month",
                "status": "planned",
            },
            {
                # "prioritized for achievement within three years" of the June 2012 workshop.
                "description_en": (
                    "Within three years, complete the strategy's nine priority actions: three "
                    "under each theme."
                ),
                "description_fr": (
                    "Réaliser trois actions précises pour chacun des trois thèmes de la "
                    "stratégie, d'ici trois ans."
                ),
                "due_on": D(2015, 1, 1),
                "due_on_precision": "year",
                "status": "planned",
            },
        ],
        "sources": [
            {
                "title": "BiopolisQuébec and Life Sciences Ontario press release, Montréal",
                "language": "en",
                "published_on": D(2012, 6, 6),
                "published_on_precision": "day",
            },
        ],
    },
    {
        "slug": "bioquebec-lso-mou-2025",
        "title_en": "BIOQuébec – Life Sciences Ontario memorandum of understanding",
        "title_fr": "Protocole d'entente BIOQuébec – Life Sciences Ontario",
        "kind": "mou",
        "status": "signed",
        "signed_on": D(2025, 3, 1),
        "signed_on_precision": "month",
        "summary_en": (
            "Québec's and Ontario's life sciences associations turn a long relationship "
            "into a formal alliance between the country's two largest life sciences hubs, "
            "to lower barriers between the provinces and help their members grow and "
            "compete worldwide."
        ),
        "summary_fr": (
            "Les associations sectorielles de l'Ontario et du Québec font d'une "
            "relation de longue date une alliance formelle entre les deux plus grands pôles "
            "du pays, afin de réduire les barrières entre les provinces et d'aider leurs "
            "membres à croître et à se mesurer au monde."
        ),
        "objectives_en": (
            "Make connections easier, share resources and widen access to funding and "
            "markets for members in Québec and Ontario."
        ),
        "objectives_fr": (
            "Faciliter les liens, partager des ressources et élargir l'accès au financement "
            "et aux marchés pour les membres au Québec et en Ontario."
        ),
        "parties": [
            ("bioquebec", "signatory"),
            ("life-sciences-ontario", "signatory"),
        ],
        "benefits": [
            {
                "category": "event_access",
                "granted_to": ["bioquebec", "life-sciences-ontario"],
                "description_en": (
                    "Access to events run across both associations on knowledge sharing, "
                    "influence and partnerships in the life sciences."
                ),
                "description_fr": (
                    "Accès à des événements communs aux deux associations sur le partage "
                    "des connaissances, l'influence et les partenariats en sciences de la vie."
                ),
            },
            {
                "category": "preferential_rates",
                "granted_to": ["bioquebec", "life-sciences-ontario"],
                "description_en": "Member rates at every event the two associations organize together.",
                "description_fr": (
                    "Tarifs membres pour tous les événements organisés ensemble par les deux "
                    "associations."
                ),
            },
            {
                "category": "business_development",
                "granted_to": ["bioquebec", "life-sciences-ontario"],
                "description_en": (
                    "More networking and business development through joint activities and "
                    "trade missions."
                ),
                "description_fr": (
                    "Missions commerciales et activités conjointes pour élargir le réseau et "
                    "les occasions d'affaires des membres."
                ),
            },
        ],
        "sources": [
            {
                "title": "Communiqué de BIOQuébec et de Life Sciences Ontario (Business Wire), Laval et Toronto",
                "language": "fr",
                "published_on": D(2025, 3, 1),
                "published_on_precision": "month",
            },
        ],
    },
    {
        "slug": "bioquebec-massbio-2017",
        "title_en": "BIOQuébec – MassBio cooperation agreement",
        "title_fr": "Entente de coopération BIOQuébec – MassBio",
        "kind": "cooperation",
        "status": "signed",
        "signed_on": D(2017, 6, 21),
        "signed_on_precision": "day",
        "signing_place_en": "San Diego",
        "signing_event": "bio-2017",
        "themes": ["biotechnology", "contract-research"],
        "summary_en": (
            "After more than eighteen months of visits between Québec and Boston, the two "
            "associations formalize their cooperation to build business ties between "
            "their members, biotechs and contract research organizations alike."
        ),
        "summary_fr": (
            "Après plus de dix-huit mois de visites entre le Québec et Boston, les deux "
            "associations officialisent leur coopération pour tisser des liens d'affaires "
            "entre leurs membres, entreprises de biotechnologie comme organisations de "
            "recherche contractuelle."
        ),
        "objectives_en": (
            "Make business ties between members easier; support the growth of biotechs and "
            "contract research organizations in Québec and Massachusetts; over time, ease "
            "investment by American companies in Québec and access to Boston-area funding "
            "for Québec companies."
        ),
        "objectives_fr": (
            "Faciliter les liens d'affaires entre les membres ; soutenir la croissance des "
            "entreprises de biotechnologie et des organisations de recherche contractuelle "
            "du Québec et du Massachusetts ; à terme, faciliter l'investissement "
            "d'entreprises américaines au Québec et l'accès des entreprises québécoises au "
            "financement de la région de Boston."
        ),
        "parties": [
            ("bioquebec", "signatory"),
            ("massbio", "signatory"),
            ("quebec-delegation-in-boston", "supporter"),
            ("dpi-mesi", "supporter"),
        ],
        "benefits": [
            {
                "category": "business_development",
                "granted_to": ["bioquebec", "massbio"],
                "description_en": "Introductions and business ties between BIOQuébec and MassBio members.",
                "description_fr": "Mises en relation et liens d'affaires entre membres de BIOQuébec et de MassBio.",
            },
        ],
        "commitments": [
            {
                "description_en": (
                    "Organize joint activities in Québec or the Boston area on issues of "
                    "interest to both associations."
                ),
                "description_fr": (
                    "Organiser des activités conjointes au Québec ou dans la région de "
                    "Boston sur des enjeux d'intérêt commun."
                ),
                "status": "planned",
            },
            {
                "description_en": "Host a joint activity during BIO 2018 in Boston.",
                "description_fr": "Tenir une activité conjointe lors de BIO 2018 à Boston.",
                "due_on": D(2018, 1, 1),
                "due_on_precision": "year",
                "status": "planned",
            },
        ],
        "sources": [
            {
                "title": "BIOQuébec press release (Business Wire), San Diego",
                "language": "en",
                "published_on": D(2017, 6, 21),
                "published_on_precision": "day",
            },
        ],
    },
]
