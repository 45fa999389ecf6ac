"""Where synthetic organizations and events are: countries, regions, cities, time zones."""

from dataclasses import dataclass


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


def random_place(rng):
    country = rng.choices(COUNTRY_CODES, COUNTRY_WEIGHTS)[0]
    return rng.choices(PLACES_BY_COUNTRY[country], PLACE_WEIGHTS_BY_COUNTRY[country])[0]
